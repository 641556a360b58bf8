# loopshift-fixture: runnable
# Code that still passes loop= on old Pythons only (as viam-python-sdk did): runs on every version.
import asyncio
import sys


async def ticker(event, ticks):
    loop = asyncio.get_running_loop()
    while not event.is_set():
        ticks.append(len(ticks))
        if sys.version_info < (3, 10):
            await asyncio.sleep(0.01, loop=loop)
        else:
            await asyncio.sleep(0.01)


async def main():
    loop = asyncio.get_running_loop()
    if sys.version_info < (3, 10):
        event = asyncio.Event(loop=loop)
    else:
        event = asyncio.Event()
    ticks = []
    task = loop.create_task(ticker(event, ticks))
    while len(ticks) < 3:
        await asyncio.sleep(0)
    event.set()
    await task
    print("ticks", ticks[:3], event.is_set())


asyncio.run(main())
