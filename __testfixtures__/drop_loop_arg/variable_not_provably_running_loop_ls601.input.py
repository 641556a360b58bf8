import asyncio

events = []


async def assigned_twice():
    loop = asyncio.get_running_loop()
    events.append(asyncio.Event(loop=loop))
    loop = asyncio.new_event_loop()
    return loop


async def assigned_in_a_branch(flag):
    if flag:
        loop = asyncio.get_running_loop()
    events.append(asyncio.Event(loop=loop))


async def assigned_in_try_used_after():
    try:
        loop = asyncio.get_running_loop()
    finally:
        pass
    events.append(asyncio.Event(loop=loop))


async def from_the_policy():
    loop = asyncio.get_event_loop_policy().get_event_loop()
    events.append(asyncio.Event(loop=loop))


async def from_new_event_loop():
    loop = asyncio.new_event_loop()
    return asyncio.Lock(loop=loop)


async def walrus():
    if (loop := asyncio.get_running_loop()):
        events.append(asyncio.Event(loop=loop))


async def rebound_by_nested_function():
    loop = asyncio.get_running_loop()

    def swap(other):
        nonlocal loop
        loop = other

    events.append(asyncio.Event(loop=loop))
    return swap


async def declared_global():
    global loop
    loop = asyncio.get_running_loop()
    events.append(asyncio.Event(loop=loop))


async def async_generator():
    loop = asyncio.get_running_loop()
    while True:
        yield
        events.append(asyncio.Event(loop=loop))


async def async_generator_direct_call_is_fine():
    yield
    events.append(asyncio.Event(loop=asyncio.get_running_loop()))


async def unpacked():
    loop, other = asyncio.get_running_loop(), None
    events.append(asyncio.Event(loop=loop))
