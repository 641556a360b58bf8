import asyncio


class Client:
    """The loop=None fallback: a loop passed in is still used."""

    def __init__(self, url, loop=None):
        self.url = url
        self._loop = loop

    async def fetch(self):
        fut = (self._loop or asyncio.get_running_loop()).create_future()
        (self._loop or asyncio.get_running_loop()).call_soon(fut.set_result, self.url)
        return await fut

    async def offload(self, function):
        return await (self._loop or asyncio.get_running_loop()).run_in_executor(None, function)

    async def lines(self):
        loop = self._loop or asyncio.get_running_loop()
        yield loop.time()


class Worker:
    def __init__(self):
        pass

    async def work(self, future):
        return await asyncio.wait_for(future, 1, loop=asyncio.get_running_loop())

    async def clock(self):
        return asyncio.get_running_loop()


class Busy:
    def __init__(self):
        # the loop the worker runs on: this comment moves to the next line, as for every removed line
        self.done = 0

    async def work(self):
        self.done += 1
        return asyncio.get_running_loop().time()


class Server:
    def __init__(self, loop=None):
        self.__loop = loop

    async def serve(self):
        return (self.__loop or asyncio.get_running_loop()).time()


class Filled:
    def __init__(self, name, *, loop=None):
        self.name = name
        self._loop = loop

    async def now(self):
        return (self._loop or asyncio.get_running_loop()).time()


class Defaulted:
    def __init__(self, loop=None):
        self._loop = loop

    async def now(self):
        return (self._loop or asyncio.get_running_loop()).time()


class Other:
    """Another class's own _loop: not Worker's."""

    def __init__(self, loop):
        self._loop = loop

    def now(self):
        return self._loop.time()
