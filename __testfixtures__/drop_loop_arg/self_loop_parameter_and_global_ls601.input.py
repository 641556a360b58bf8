import asyncio

loop = asyncio.new_event_loop()


class Worker:
    def __init__(self, loop):
        self.loop = loop

    async def run(self):
        await asyncio.sleep(0, loop=self.loop)
        queue = asyncio.Queue(loop=self.loop)
        own = self.loop
        return queue, asyncio.Lock(loop=own)


async def with_parameter(loop):
    await asyncio.sleep(0, loop=loop)


async def with_default(loop=None):
    return asyncio.Event(loop=loop or asyncio.get_running_loop())


async def with_global():
    await asyncio.sleep(0, loop=loop)


async def from_other_thread(other):
    return asyncio.Event(loop=other.loop)
