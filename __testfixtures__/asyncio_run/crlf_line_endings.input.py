# loopshift-fixture: runnable
"""CRLF line endings are kept, in the wrapper too."""
import asyncio


async def one():
    return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(asyncio.gather(one())))
    loop.close()
