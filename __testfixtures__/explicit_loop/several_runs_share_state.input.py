# loopshift-fixture: runnable
"""P6 below 3.11: several runs share a queue bound to the loop; one explicit loop keeps them
working (one asyncio.run() per call would not)."""
import asyncio


async def make_queue():
    queue = asyncio.Queue()
    await queue.put("first")
    return queue


async def drain(queue):
    await queue.put("second")
    return [await queue.get(), await queue.get()]


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    queue = loop.run_until_complete(make_queue())
    print("between runs")
    print(loop.run_until_complete(drain(queue)))
    loop.close()
