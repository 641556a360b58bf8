# loopshift-fixture: runnable
# P15 rule 8: loop=v right after `v = asyncio.get_event_loop()` in the same block, or after
# `asyncio.set_event_loop(v)` in entry code, with nothing between that can set or run a loop: up to
# 3.9 gather, shield and the primitives take get_event_loop() when called, which is v. Calls of this
# file's undecorated async defs and of asyncio's constructors may come between: they run nothing.
import asyncio
import sys

SENTINEL = None


async def produce(out_q, n):
    for i in range(n):
        await out_q.put(i)
    await out_q.put(SENTINEL)


async def square(in_q, out_q):
    while True:
        item = await in_q.get()
        await out_q.put(item if item is SENTINEL else item * item)
        if item is SENTINEL:
            return "squared"


async def collect(in_q, results):
    while True:
        item = await in_q.get()
        if item is SENTINEL:
            return sum(results)
        results.append(item)


def pipeline(n):
    loop = asyncio.get_event_loop()
    q1 = asyncio.Queue(maxsize=2, loop=loop)
    q2 = asyncio.Queue(maxsize=2, loop=loop)
    results = []
    total = loop.run_until_complete(asyncio.gather(
        produce(q1, n), square(q1, q2), collect(q2, results), loop=loop))[2]
    return results, total


def shielded():
    loop = asyncio.get_event_loop()
    done = asyncio.shield(produce(asyncio.Queue(), 0), loop=loop)
    return done


async def under_a_running_loop():
    # A sync helper called from a coroutine: get_event_loop() is the running loop, and so is what
    # gather() takes without loop=.
    return await helper()


def helper():
    loop = asyncio.get_event_loop()
    return asyncio.gather(produce(asyncio.Queue(), 0), loop=loop)


if __name__ == "__main__":
    asyncio.set_event_loop(asyncio.new_event_loop())
    print(pipeline(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
    outer = asyncio.get_event_loop()
    print(outer.run_until_complete(under_a_running_loop()))
    future = shielded()
    print(type(future).__name__, future.done(), outer.run_until_complete(future))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    lock = asyncio.Lock(loop=loop)
    ready = asyncio.Event(loop=loop)
    cond = asyncio.Condition(loop=loop)

    async def use():
        async with lock:
            ready.set()
        async with cond:
            cond.notify_all()
        await ready.wait()
        return "locked and ready"

    print(loop.run_until_complete(use()))
    loop.close()
    outer.close()
