# loopshift-fixture: runnable
# A script nothing imports (project model: scriptOnly): its public functions have no callers elsewhere, so
# a helper whose every caller in the file runs under the loop is proven (docs/SEMANTICS.md P2a).
import asyncio


def elapsed(start):
    return asyncio.get_running_loop().time() - start


def report(label, start):
    print(label, elapsed(start) >= 0)


async def work(n):
    start = asyncio.get_running_loop().time()
    await asyncio.sleep(0)
    report("work %d:" % n, start)
    return n


async def main():
    print(await asyncio.gather(work(1), work(2)))


asyncio.run(main())
