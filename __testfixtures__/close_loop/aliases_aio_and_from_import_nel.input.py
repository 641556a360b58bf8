# loopshift-fixture: runnable
import asyncio as aio
import gc
from asyncio import new_event_loop as nel


async def value(x):
    await aio.sleep(0)
    return x


def with_module_alias():
    ev = aio.new_event_loop()
    print("module alias:", ev.run_until_complete(value(1)))


def with_from_import_alias():
    lp = nel()
    print("from-import alias:", lp.run_until_complete(value(2)))


with_module_alias()
with_from_import_alias()
gc.collect()
