import asyncio

__all__ = ["_exported"]


async def public(loop):
    # Another module may import it and pass any loop: no project facts say otherwise.
    return asyncio.Queue(loop=loop)


async def _exported(loop):
    return asyncio.Queue(loop=loop)


async def _another_loop(loop):
    return asyncio.Queue(loop=loop)


async def _handed_on(loop):
    return asyncio.Queue(loop=loop)


async def _reassigned(loop):
    loop = loop or asyncio.get_event_loop()
    return asyncio.Queue(loop=loop)


async def _default_not_none(loop=asyncio.new_event_loop()):
    return asyncio.Queue(loop=loop)


async def _unpacked(loop):
    return asyncio.Queue(loop=loop)


async def _not_its_running_loop(loop):
    return asyncio.Queue(loop=loop)


async def _async_generator(loop):
    yield asyncio.Queue(loop=loop)


def decorator(function):
    return function


@decorator
async def _decorated(loop):
    return asyncio.Queue(loop=loop)


async def _by_name(loop):
    return asyncio.Queue(loop=loop)


async def _cycle(loop, depth):
    if depth:
        await _cycle(loop, depth - 1)
    return asyncio.Queue(loop=loop)


async def _gathered(loop):
    return asyncio.Queue(loop=loop)


class Client:
    async def method(self, loop):
        return asyncio.Queue(loop=loop)

    def run(self, loop):
        return loop.run_until_complete(self.method(loop))


async def caller(other):
    await _not_its_running_loop(other)
    running = asyncio.get_running_loop()
    await _cycle(running, 2)


def run(loop, other, args):
    loop.run_until_complete(public(loop))
    loop.run_until_complete(_exported(loop))
    loop.run_until_complete(_another_loop(other))
    loop.call_soon(_handed_on, loop)
    loop.run_until_complete(_reassigned(loop))
    loop.run_until_complete(_default_not_none())
    loop.run_until_complete(_unpacked(*args))
    loop.run_until_complete(_decorated(loop))
    loop.run_until_complete(getattr(__import__(__name__), "_by_name")(loop))
    loop.run_until_complete(asyncio.gather(_gathered(loop), loop=loop))
