import asyncio

events = []


async def one_line():
    loop = asyncio.get_running_loop(); events.append(asyncio.Event())


async def in_suite(flag):
    if flag: loop = asyncio.get_running_loop(); events.append(asyncio.Event())


async def loop_body(items):
    for item in items:
        loop = asyncio.get_running_loop()
        events.append(asyncio.Event())


async def later_nested_blocks(lock_factory, items):
    loop: asyncio.AbstractEventLoop = asyncio.get_running_loop()
    async with lock_factory():
        for item in items:
            try:
                if item:
                    events.append(asyncio.Event())
            finally:
                await asyncio.wait_for(asyncio.sleep(0), 1)


async def use_before_assignment():
    events.append(asyncio.Event(loop=loop))
    loop = asyncio.get_running_loop()


async def get_event_loop_then_renamed():
    ev = asyncio.get_event_loop()
    results = await asyncio.gather(asyncio.sleep(0))
    return results
