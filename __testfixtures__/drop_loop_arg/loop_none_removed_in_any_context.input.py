import asyncio

# loop=None is the default on every version that accepts loop=, so dropping it is the same call.
QUEUE = asyncio.Queue(loop=None)


def make_lock():
    return asyncio.Lock(loop=None)


class Holder:
    event = asyncio.Event(loop=None)


async def main():
    await asyncio.sleep(0, loop=None)
    later = lambda: asyncio.Semaphore(2, loop=None)
    return later
