"""A coroutine keeps the running loop in an object whose __del__ reads it at exit: closing the loop
(which the old code left open) would change what the finalizer sees. Left open, reported."""
import asyncio

_keep = []


class Session:
    def __init__(self):
        self.loop = None
        _keep.append(self)

    async def open(self):
        self.loop = asyncio.get_running_loop()

    def __del__(self):
        print("at exit, session loop closed:", self.loop.is_closed())


async def main():
    await Session().open()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main())
