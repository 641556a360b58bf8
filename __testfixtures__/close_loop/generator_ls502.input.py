import asyncio


async def fetch(i):
    await asyncio.sleep(0)
    return i


def results(n):
    loop = asyncio.new_event_loop()
    for i in range(n):
        yield loop.run_until_complete(fetch(i))
