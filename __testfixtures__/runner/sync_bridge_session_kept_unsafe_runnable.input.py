# loopshift-fixture: runnable
"""A sync facade over an async client: the queue made in the first call serves the later ones."""
import asyncio
from asyncio import get_event_loop

_queue = None


async def push(item):
    global _queue
    if _queue is None:
        _queue = asyncio.Queue()  # bound to the loop that first uses it
    await _queue.put(item)
    return _queue.qsize()


async def drain():
    items = []
    while not _queue.empty():
        items.append(await _queue.get())
    return items


def push_sync(item):
    # the one-liner form
    return asyncio.get_event_loop().run_until_complete(push(item))


def push_all_sync(items):
    # the variable form
    loop = get_event_loop()
    sizes = []
    for item in items:
        sizes.append(loop.run_until_complete(push(item)))
    return sizes


def drain_sync():
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(drain())


async def same_loop_twice():
    return id(asyncio.get_running_loop())


def loop_id_sync():
    return asyncio.get_event_loop().run_until_complete(same_loop_twice())


def demo():
    print(push_sync("a"))
    print(push_all_sync(["b", "c"]))
    print(drain_sync())
    print(loop_id_sync() == loop_id_sync())


if __name__ == "__main__":
    demo()
