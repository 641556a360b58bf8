import asyncio
import types


@asyncio.coroutine
def _child(loop, queue):
    # Its one caller, worker(), passes its own running loop: the task's loop (rule 6).
    done = asyncio.Event(loop=loop)
    yield from queue.put(done)


@asyncio.coroutine
def worker():
    # A local assigned once from get_event_loop() in a generator-based coroutine (docs/SEMANTICS.md B5):
    # its body runs in the task that drives it, which a generator's yields do not change (rule 2).
    loop = asyncio.get_event_loop()
    queue = asyncio.Queue(loop=loop)
    yield from _child(loop, queue)
    return queue


@types.coroutine
def ticker(loop):
    yield from asyncio.sleep(0, loop=loop)


def retry(function):
    return function


@retry
@asyncio.coroutine
def two_decorators(loop):
    # retry() may drive the generator itself, outside any task: not a coroutine's body.
    queue = asyncio.Queue(loop=loop)
    yield from queue.put(1)


def undecorated(loop):
    # A generator with yield from, but nothing marks it as a coroutine.
    lock = asyncio.Lock(loop=loop)
    yield from lock.acquire()


def plain_generator(loop):
    yield asyncio.Semaphore(loop=loop)
