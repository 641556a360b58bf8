# loopshift-fixture: runnable
import asyncio
import gc


async def name(tag):
    await asyncio.sleep(0)
    return tag


def both():
    first = asyncio.new_event_loop()
    print(first.run_until_complete(name("first")))
    second = asyncio.new_event_loop()
    print(second.run_until_complete(name("second")))


both()
gc.collect()
