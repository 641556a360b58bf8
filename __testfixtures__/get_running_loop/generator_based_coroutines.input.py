import asyncio
import types
from asyncio import coroutine


@asyncio.coroutine
def fetch():
    loop = asyncio.get_event_loop()
    yield from asyncio.sleep(0)
    return loop.time()


@coroutine
def no_yield():
    # asyncio.coroutine wraps even a plain function in a generator: the body runs in the task.
    return asyncio.get_event_loop().time()


@types.coroutine
def plain_function():
    # types.coroutine leaves a plain function's body running at the call, in any context.
    return asyncio.get_event_loop().create_future()


def undecorated():
    loop = asyncio.get_event_loop()
    yield from []


def retry(f):
    return f


@retry
@asyncio.coroutine
def two_decorators():
    # Another decorator may drive the generator itself, outside any task.
    loop = asyncio.get_event_loop()
    yield from asyncio.sleep(0)


class Worker:
    @asyncio.coroutine
    def run(self):
        loop = asyncio.get_event_loop()
        yield from asyncio.sleep(0)
        callback = lambda: asyncio.get_event_loop()  # a lambda may be called anywhere
        return loop, callback
