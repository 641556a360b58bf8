import asyncio

import uvloop


async def main():
    await asyncio.sleep(0)


def report():
    loop = asyncio.get_event_loop()
    print("closed:", loop.is_closed())


if __name__ == "__main__":
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.run(main())
    report()
