"""A finalizer may read the loop at exit: asyncio.run() would close it where the old code left it
open, so the entry point is left to explicit_loop (docs/SEMANTICS.md P3a condition 6)."""
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
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
