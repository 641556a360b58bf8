import asyncio


async def warm_up():
    await asyncio.sleep(0)


def make_loop():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(warm_up())
    return loop
