import asyncio


class Client:
    """The loop=None fallback: a loop passed in is still used."""

    def __init__(self, url, loop=None):
        self.url = url
        self._loop = loop or asyncio.get_event_loop()

    async def fetch(self):
        fut = self._loop.create_future()
        self._loop.call_soon(fut.set_result, self.url)
        return await fut

    async def offload(self, function):
        return await self._loop.run_in_executor(None, function)

    async def lines(self):
        loop = self._loop
        yield loop.time()


class Worker:
    def __init__(self):
        self._loop = asyncio.get_event_loop()

    async def work(self, future):
        return await asyncio.wait_for(future, 1, loop=self._loop)

    async def clock(self):
        return self._loop


class Busy:
    def __init__(self):
        # the loop the worker runs on: this comment moves to the next line, as for every removed line
        self._loop = asyncio.get_event_loop()
        self.done = 0

    async def work(self):
        self.done += 1
        return self._loop.time()


class Server:
    def __init__(self, loop=None):
        self.__loop = loop if loop is not None else asyncio.get_event_loop()

    async def serve(self):
        return self.__loop.time()


class Filled:
    def __init__(self, name, *, loop=None):
        if loop is None:
            loop = asyncio.get_event_loop()
        self.name = name
        self._loop = loop

    async def now(self):
        return self._loop.time()


class Defaulted:
    def __init__(self, loop=None):
        loop = loop or asyncio.get_event_loop()
        self._loop = loop

    async def now(self):
        return self._loop.time()


class Other:
    """Another class's own _loop: not Worker's."""

    def __init__(self, loop):
        self._loop = loop

    def now(self):
        return self._loop.time()
