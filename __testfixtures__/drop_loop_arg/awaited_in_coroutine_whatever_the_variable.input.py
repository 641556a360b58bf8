# The same variables as variable_not_provably_running_loop_ls601, awaited right here: whatever the
# variable holds, a run that works on 3.7-3.9 passes the running loop (rule (a)), so loop= goes.
import asyncio


async def assigned_twice():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0, loop=loop)
    loop = asyncio.new_event_loop()
    return loop


async def assigned_in_a_branch(flag):
    if flag:
        loop = asyncio.get_running_loop()
    await asyncio.sleep(0, loop=loop)


async def assigned_in_try_used_after():
    try:
        loop = asyncio.get_running_loop()
    finally:
        pass
    await asyncio.sleep(0, loop=loop)


async def from_the_policy():
    loop = asyncio.get_event_loop_policy().get_event_loop()
    await asyncio.sleep(0, loop=loop)


async def from_new_event_loop():
    loop = asyncio.new_event_loop()
    return asyncio.Lock(loop=loop)


async def walrus():
    if (loop := asyncio.get_running_loop()):
        await asyncio.sleep(0, loop=loop)


async def rebound_by_nested_function():
    loop = asyncio.get_running_loop()

    def swap(other):
        nonlocal loop
        loop = other

    await asyncio.sleep(0, loop=loop)
    return swap


async def declared_global():
    global loop
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0, loop=loop)


async def async_generator():
    loop = asyncio.get_running_loop()
    while True:
        yield
        await asyncio.sleep(0, loop=loop)


async def async_generator_direct_call_is_fine():
    yield
    await asyncio.sleep(0, loop=asyncio.get_running_loop())


async def unpacked():
    loop, other = asyncio.get_running_loop(), None
    await asyncio.sleep(0, loop=loop)
