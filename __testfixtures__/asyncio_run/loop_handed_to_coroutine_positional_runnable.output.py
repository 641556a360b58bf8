# loopshift-fixture: runnable
"""docs/SEMANTICS.md P3d: the loop handed to the coroutine it runs. _go() is private and called once,
by loop.run_until_complete(_go(loop, ...)), so its parameter is always the loop running it: the call
becomes asyncio.run(_go(...)), and _go() takes the running loop itself. What it does with it (its own
helpers get it in turn) is unchanged. It prints what it found itself: the run's value is not used, since
it could hold the loop, open here and closed by asyncio.run()."""
import asyncio


async def _tick(loop, log):
    log.append(loop is asyncio.get_running_loop())
    await asyncio.sleep(0)


async def _go(name):
    loop = asyncio.get_running_loop()
    log = []
    started = loop.time()
    waiter = loop.create_future()
    waiter.set_result(name.upper())
    await _tick(loop, log)
    log.append(loop.is_running())
    log.append(await waiter)
    log.append(loop.time() >= started)
    print(log)


if __name__ == "__main__":
    asyncio.run(_go("done"))
