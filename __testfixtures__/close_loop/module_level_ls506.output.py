import asyncio


async def init():
    await asyncio.sleep(0)


# importers do `from this_module import loop`
loop = asyncio.new_event_loop()
loop.run_until_complete(init())
