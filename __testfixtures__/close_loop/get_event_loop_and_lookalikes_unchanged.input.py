import asyncio

import uvloop


async def job():
    await asyncio.sleep(0)


def new_event_loop():
    return asyncio.new_event_loop()


def uses_get_event_loop():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(job())


def uses_local_lookalike():
    loop = new_event_loop()
    loop.run_until_complete(job())


def uses_uvloop():
    loop = uvloop.new_event_loop()
    loop.run_until_complete(job())
