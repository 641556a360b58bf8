# loopshift-fixture: runnable
"""Target 3.10: a module-level Queue() no longer binds a loop when created, so it does not count as
earlier loop activity."""
import asyncio

jobs = asyncio.Queue()


async def main():
    await jobs.put("job")
    return await jobs.get()


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.set_debug(False)
    print(loop.run_until_complete(main()))
    loop.close()
