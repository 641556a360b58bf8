import asyncio

loop = asyncio.new_event_loop()


class Worker:
    def __init__(self, loop):
        self.loop = loop

    async def run(self):
        task = asyncio.ensure_future(asyncio.sleep(0, loop=self.loop))
        queue = asyncio.Queue(loop=self.loop)
        own = self.loop
        return task, queue, asyncio.Lock(loop=own)


async def with_parameter(loop):
    return asyncio.Queue(loop=loop)


async def with_default(loop=None):
    return asyncio.Event(loop=loop or asyncio.get_running_loop())


async def with_global():
    return asyncio.Semaphore(loop=loop)


async def from_other_thread(other):
    return asyncio.Event(loop=other.loop)
