import asyncio

import uvloop


async def work():
    await asyncio.sleep(0)


if __name__ == "__main__":
    uvloop.install()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())
    loop.run_until_complete(work())
    loop.close()
