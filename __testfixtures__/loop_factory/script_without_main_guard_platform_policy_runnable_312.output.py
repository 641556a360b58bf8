# loopshift-fixture: runnable
"""The usual Windows guard at a script-only module's top level (docs/SEMANTICS.md P3c)."""
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


log = []
# psycopg needs the selector loop on Windows
result = asyncio.run(main(log), loop_factory=asyncio.SelectorEventLoop if sys.platform == "win32" else None)
print("result:", result)
print(log)
