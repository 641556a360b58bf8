# probe round 12, B p08: the coroutine stores the running loop on a module-level object, then calls a helper
# that rebinds that name to an object holding another loop. Rule 7 takes only a parameter's attribute (self):
# loop= stays (LS601).
import asyncio
from types import SimpleNamespace

SPARE = asyncio.new_event_loop()
ctx = SimpleNamespace(loop=None)


def switch_context():
    global ctx
    ctx = SimpleNamespace(loop=SPARE)


async def tick():
    print("tick ran")


async def main():
    ctx.loop = asyncio.get_running_loop()
    switch_context()
    both = asyncio.gather(tick(), loop=ctx.loop)
    print("gather done:", both.done())
