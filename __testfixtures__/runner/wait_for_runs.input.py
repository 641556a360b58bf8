# loopshift-fixture: runnable
"""Runs whose coroutine is asyncio.wait_for() of an async def of this file: wait_for is an async def on every
version, so each run gets a coroutine, and its timeout (which cancels and awaits the inner coroutine) ends the run
as before (loop_runs.py, _asyncio_coroutine_call; probe round 8, missed rewrites)."""
import asyncio


async def op():
    await asyncio.sleep(0.01)
    return "op finished"


async def slow():
    await asyncio.sleep(5)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(asyncio.wait_for(op(), 1)))
    try:
        loop.run_until_complete(asyncio.wait_for(slow(), 0.05))
    except asyncio.TimeoutError:
        print("timed out")
    loop.close()
