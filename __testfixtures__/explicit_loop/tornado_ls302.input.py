"""tornado's IOLoop and AnyThreadEventLoopPolicy may create or replace the loop: reported."""
import asyncio

from tornado.ioloop import IOLoop


async def main():
    return 1


if __name__ == "__main__":
    IOLoop.current()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
