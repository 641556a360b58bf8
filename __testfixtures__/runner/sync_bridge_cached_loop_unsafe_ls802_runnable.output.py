# loopshift-fixture: runnable
"""A sync facade at target 3.8: the queue made in the first call serves the later ones, each run gets a
copy of the caller's context, and sync code after the calls sees the bridges' loop."""
import asyncio
import contextvars
import atexit

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


_sync_loop = None


def _run_sync(coro):
    """Run coro on one event loop, made current, kept for every call and closed at exit."""
    global _sync_loop
    if _sync_loop is None:
        _sync_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_sync_loop)
        atexit.register(_sync_loop.close)
    return _sync_loop.run_until_complete(coro)


def push_sync(item):
    return _run_sync(push(item))


def push_all_sync(items):
    sizes = []
    for item in items:
        sizes.append(_run_sync(push(item)))
    return sizes


def drain_sync():
    return _run_sync(drain())


def count_sync():
    return _run_sync(count())


def demo():
    print(push_sync("a"))
    print(push_all_sync(["b", "c"]))
    print(drain_sync())
    (first, loop_a), (second, loop_b) = count_sync(), count_sync()
    print(first, second, calls.get(), loop_a == loop_b)
    print(id(asyncio.get_event_loop()) == loop_a)  # other sync code sees the bridges' loop


if __name__ == "__main__":
    demo()
