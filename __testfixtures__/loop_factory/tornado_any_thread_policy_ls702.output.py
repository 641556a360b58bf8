import asyncio

from tornado.platform.asyncio import AnyThreadEventLoopPolicy


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.set_event_loop_policy(AnyThreadEventLoopPolicy())
    asyncio.run(main())
