import asyncio
from asyncio import sleep


def sleep_helper():
    def sleep(delay, loop=None):
        return delay
    return sleep


async def main(work):
    loop = asyncio.get_running_loop()
    await sleep(0, loop=loop)


def sleep(delay, loop=None):
    return delay


async def shadowed(asyncio_like):
    asyncio = asyncio_like
    loop = asyncio.get_running_loop()
    return asyncio.Event(loop=loop)
