import asyncio
import contextlib


async def job(i):
    await asyncio.sleep(0)
    return i


def many():
    for i in range(3):
        loop = asyncio.new_event_loop()
        print(loop.run_until_complete(job(i)))


def guarded():
    with contextlib.suppress(ValueError):
        loop = asyncio.new_event_loop()
        loop.run_until_complete(job(0))


def shared_line():
    loop = asyncio.new_event_loop(); loop.run_until_complete(job(1))


def rebound():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(job(2))
    loop = None
