# loopshift-fixture: runnable
"""A sync facade at target 3.8: the queue made in the first call serves the later ones, each run gets a
copy of the caller's context, and sync code after the calls sees the bridges' loop."""
import asyncio
import contextvars
from asyncio import get_event_loop

_queue = None
calls = contextvars.ContextVar("calls", default=0)


async def push(item):
    global _queue
    if _queue is None:
        _queue = asyncio.Queue()  # bound to the loop that first uses it (3.8, 3.9)
    await _queue.put(item)
    return _queue.qsize()


async def drain():
    items = []
    while not _queue.empty():
        items.append(await _queue.get())
    return items


async def count():
    calls.set(calls.get() + 1)  # set in the run's own copy of the context
    return calls.get(), id(asyncio.get_event_loop())


def push_sync(item):
    return asyncio.get_event_loop().run_until_complete(push(item))


def push_all_sync(items):
    loop = get_event_loop()
    sizes = []
    for item in items:
        sizes.append(loop.run_until_complete(push(item)))
    return sizes


def drain_sync():
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(drain())


def count_sync():
    return asyncio.get_event_loop().run_until_complete(count())


def demo():
    print(push_sync("a"))
    print(push_all_sync(["b", "c"]))
    print(drain_sync())
    (first, loop_a), (second, loop_b) = count_sync(), count_sync()
    print(first, second, calls.get(), loop_a == loop_b)
    print(id(asyncio.get_event_loop()) == loop_a)  # other sync code sees the bridges' loop


if __name__ == "__main__":
    demo()
