# loopshift-fixture: runnable
"""Target 3.10: asyncio primitives no longer bind a loop when constructed, so a module-level
Queue() does not stop the rewrite."""
import asyncio

jobs = asyncio.Queue()


async def main():
    await jobs.put("job")
    print(await jobs.get())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
