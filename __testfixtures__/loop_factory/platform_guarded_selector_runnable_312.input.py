# loopshift-fixture: runnable
"""The usual Windows guard: off Windows the default loop is used, before and after the rewrite."""
import asyncio
import sys


async def worker(log):
    try:
        await asyncio.sleep(10)
    finally:
        log.append("worker cancelled at shutdown")


async def main(log):
    loop = asyncio.get_event_loop()
    assert loop is asyncio.get_running_loop()
    asyncio.ensure_future(worker(log))
    await asyncio.sleep(0)
    print("loop:", type(loop).__name__)
    return 6 * 7


if __name__ == "__main__":
    log = []
    # psycopg needs the selector loop on Windows
    if sys.platform == "win32":
        asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
    result = asyncio.run(main(log))
    print("result:", result)
    print(log)
