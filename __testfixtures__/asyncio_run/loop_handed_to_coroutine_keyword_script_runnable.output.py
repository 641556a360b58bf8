# loopshift-fixture: runnable
"""docs/SEMANTICS.md P3d and P3c: a script without a main guard that nothing imports (options:
scriptOnly), so a public go() has no caller elsewhere. The loop is passed by keyword, after another
argument, and go() only hands it on as loop= to an API that keeps that argument (Future)."""
import asyncio


async def go(count):
    loop = asyncio.get_running_loop()
    waiter = asyncio.Future(loop=loop)
    waiter.set_result(count * 2)
    print("bound to the running loop:", waiter.get_loop() is asyncio.get_running_loop())
    print("result", await waiter)


asyncio.run(go(21))
