# loopshift-fixture: runnable
# A script nothing imports (project model: scriptOnly). Its private helper, called only from a coroutine,
# is proven (docs/SEMANTICS.md P2a); its public one keeps get_event_loop(): a notebook or another project
# with this folder on sys.path may call it without a trace here.
import asyncio


def _elapsed(start):
    return asyncio.get_event_loop().time() - start


def report(label, elapsed):
    print(label, elapsed >= 0, asyncio.get_event_loop() is asyncio.get_running_loop())


async def work(n):
    start = asyncio.get_running_loop().time()
    await asyncio.sleep(0)
    report("work %d:" % n, _elapsed(start))
    return n


async def main():
    print(await asyncio.gather(work(1), work(2)))


asyncio.run(main())
