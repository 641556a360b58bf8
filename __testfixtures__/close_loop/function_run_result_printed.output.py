# loopshift-fixture: runnable
"""A sync helper that makes a loop per call and never closes it (-X dev: unclosed event loop)."""
import asyncio
import gc


async def compute(n):
    await asyncio.sleep(0)
    return n * n


def report(n):
    loop = asyncio.new_event_loop()
    try:
        result = loop.run_until_complete(compute(n))
        print("square of", n, "is", result)
    finally:
        loop.close()


report(3)
report(4)
gc.collect()
print("done")
