# loopshift-fixture: runnable
"""A sync facade over an async client: the queue made in the first call serves the later ones."""
import asyncio
import atexit
import contextvars

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


_sync_runner = None


def _run_sync(coro):
    """Run coro on one asyncio.Runner for every call, closed at exit; in a copy of the caller's context."""
    global _sync_runner
    if _sync_runner is None:
        _sync_runner = asyncio.Runner()
        atexit.register(_sync_runner.close)
    return _sync_runner.run(coro, context=contextvars.copy_context())


def push_sync(item):
    # the one-liner form
    return _run_sync(push(item))


def push_all_sync(items):
    # the variable form
    sizes = []
    for item in items:
        sizes.append(_run_sync(push(item)))
    return sizes


def drain_sync():
    return _run_sync(drain())


async def same_loop_twice():
    return id(asyncio.get_running_loop())


def loop_id_sync():
    return _run_sync(same_loop_twice())


def demo():
    print(push_sync("a"))
    print(push_all_sync(["b", "c"]))
    print(drain_sync())
    print(loop_id_sync() == loop_id_sync())


if __name__ == "__main__":
    demo()
