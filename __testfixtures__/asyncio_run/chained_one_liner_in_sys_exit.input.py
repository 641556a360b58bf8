# loopshift-fixture: runnable
"""The chained one-liner, nested in sys.exit(): the exit status still comes from main()."""
import asyncio
import sys


async def main():
    await asyncio.sleep(0)
    print("main done")
    return 3


if __name__ == "__main__":
    sys.exit(asyncio.get_event_loop().run_until_complete(main()))
