import asyncio
import contextlib
import unittest


def version_shims(loop):
    # The TypeError is how this code tells 3.10+ apart: it stays as written.
    try:
        lock = asyncio.Lock(loop=loop)
    except TypeError:
        lock = asyncio.Lock()
    try:
        queue = asyncio.Queue(loop=loop)
    except Exception:
        queue = asyncio.Queue()
    with contextlib.suppress(TypeError):
        event = asyncio.Event(loop=loop)
    return lock, queue, event


class Tests(unittest.TestCase):
    def test_loop_argument_removed(self):
        with self.assertRaises(TypeError):
            asyncio.Semaphore(loop=self.loop)

    async def test_in_a_coroutine(self):
        try:
            return asyncio.Condition(loop=self.loop)
        except TypeError:
            return asyncio.Condition()


def values_that_may_do_something(holder, loops, other):
    first = asyncio.Lock(loop=asyncio.get_event_loop())
    second = asyncio.Event(loop=loops[0])
    third = asyncio.Queue(loop=other or holder.loop)
    return first, second, third


class Holder:
    @property
    def loop(self):
        return asyncio.get_event_loop()

    def make(self):
        return asyncio.PriorityQueue(loop=self.loop)


def not_a_primitive(loop):
    # Bound or run where the call is, which one file cannot show (LS603 as before).
    return asyncio.sleep(1, loop=loop), asyncio.gather(loop=loop)


def handlers_that_cannot_catch_it(loop):
    try:
        lock = asyncio.Lock()
    except KeyError:
        lock = None
    finally:
        event = asyncio.Event()
    try:
        pass
    except TypeError:
        queue = asyncio.Queue()
    return lock, event, queue
