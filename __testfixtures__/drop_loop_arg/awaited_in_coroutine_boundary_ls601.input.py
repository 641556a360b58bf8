import asyncio


def get_loop():
    return asyncio.get_event_loop()


class Server:
    def __init__(self, loop, sock, path):
        self._loop = loop
        self.loops = [loop]
        self.sock, self.path = sock, path

    async def serve(self, handler):
        # With sock= (or a unix path) start_server never awaits a future of the loop it is given:
        # on 3.7-3.9 it really serves on that loop, even from a coroutine run by another one.
        tcp = await asyncio.start_server(handler, sock=self.sock, loop=self._loop)
        unix = await asyncio.start_unix_server(handler, self.path, loop=self._loop)
        return tcp, unix

    async def values_that_are_not_a_name_or_attribute_chain(self, other):
        await asyncio.sleep(1, loop=get_loop())
        await asyncio.sleep(1, loop=self.loops[0])
        await asyncio.sleep(1, loop=other or self._loop)

    async def not_awaited_here(self):
        task = asyncio.ensure_future(asyncio.sleep(1, loop=self._loop))
        later = asyncio.gather(task, loop=self._loop)
        await later
        coro = asyncio.wait_for(task, 1, loop=self._loop)
        await coro
        await asyncio.shield(asyncio.sleep(1, loop=self._loop))
        for step in asyncio.as_completed([task], loop=self._loop):
            await step
        return asyncio.Queue(loop=self._loop)

    async def code_that_runs_elsewhere(self):
        def callback():
            return asyncio.sleep(1, loop=self._loop)

        later = lambda: asyncio.sleep(1, loop=self._loop)
        steps = (await asyncio.sleep(0, loop=self._loop) async for _ in self.ticks())
        return callback, later, steps

    async def ticks(self):
        yield


class Lazy:
    def __init__(self):
        self._loop = None

    @property
    def loop(self):
        # Reading self.loop caches a loop: dropping the argument would skip that.
        if self._loop is None:
            self._loop = asyncio.get_event_loop()
        return self._loop

    async def pause(self):
        await asyncio.sleep(1, loop=self.loop)
