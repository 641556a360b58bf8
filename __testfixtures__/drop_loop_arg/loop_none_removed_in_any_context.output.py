import asyncio

# loop=None is the default on every version that accepts loop=, so dropping it is the same call.
QUEUE = asyncio.Queue()


def make_lock():
    return asyncio.Lock()


class Holder:
    event = asyncio.Event()


async def main():
    await asyncio.sleep(0)
    later = lambda: asyncio.Semaphore(2)
    return later
