# loopshift-fixture: runnable
"""CRLF line endings are kept, in the wrapper too."""
import asyncio


async def one():
    return 1


if __name__ == "__main__":
    async def _main():
        return await asyncio.gather(one())
    print(asyncio.run(_main()))
