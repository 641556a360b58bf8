import asyncio

import uvloop


async def migrate():
    await asyncio.sleep(0)


async def serve():
    await asyncio.sleep(0)


if __name__ == "__main__":
    uvloop.install()
    asyncio.run(migrate())
    asyncio.run(serve())
