import asyncio
import functools

default_getter = asyncio.get_event_loop


async def main():
    factory = asyncio.get_event_loop
    bound = functools.partial(asyncio.get_event_loop)
    loop = asyncio.get_running_loop()
    return factory, bound, loop
