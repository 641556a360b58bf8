# loopshift-fixture: runnable
"""docs/SEMANTICS.md P3d and P3c: a script without a main guard that nothing imports (options:
scriptOnly), so a public go() has no caller elsewhere. The loop is passed by keyword, after another
argument, and go() only hands it on as loop= to an API that keeps that argument (Future)."""
import asyncio


async def go(count, loop=None):
    waiter = asyncio.Future(loop=loop)
    waiter.set_result(count * 2)
    print("bound to the running loop:", waiter.get_loop() is asyncio.get_running_loop())
    print("result", await waiter)


loop = asyncio.get_event_loop()
loop.run_until_complete(go(21, loop=loop))
