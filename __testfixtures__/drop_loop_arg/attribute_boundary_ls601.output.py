import asyncio


class Worker:
    def __init__(self):
        # Assigned in another call: the object may outlive this loop (a second asyncio.run()).
        self._loop = asyncio.get_event_loop()

    async def later(self):
        return asyncio.Queue(loop=self._loop)

    async def after_an_await(self):
        self._loop = asyncio.get_running_loop()
        await asyncio.sleep(0)
        return asyncio.Queue(loop=self._loop)

    async def after_async_with(self, lock):
        self._loop = asyncio.get_running_loop()
        async with lock:
            return asyncio.Queue(loop=self._loop)

    async def after_async_for(self, items):
        self._loop = asyncio.get_running_loop()
        async for _ in items:
            asyncio.Queue(loop=self._loop)

    async def in_a_loop_with_an_await(self, items):
        self._loop = asyncio.get_running_loop()
        for item in items:
            queue = asyncio.Queue(loop=self._loop)
            await queue.put(item)

    async def await_before_in_the_same_statement(self, make):
        self._loop = asyncio.get_running_loop()
        return [await make(), asyncio.Queue(loop=self._loop)]

    async def in_a_branch(self, flag):
        if flag:
            self._loop = asyncio.get_running_loop()
        return asyncio.Queue(loop=self._loop)

    async def self_rebound(self, other):
        self._loop = asyncio.get_running_loop()
        self = other
        return asyncio.Queue(loop=self._loop)

    async def longer_chain(self):
        self.conn._loop = asyncio.get_running_loop()
        return asyncio.Queue(loop=self.conn._loop)


class Other:
    async def start(self, loop):
        self.loop = asyncio.get_running_loop()
        return asyncio.Lock(loop=self.loop)

    def use(self, loop):
        self.loop = loop  # another value for '.loop' in this file: a call in between could store it
