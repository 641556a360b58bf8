from asyncio import Future, get_running_loop


class Client:
    def __init__(self, loop=None):
        self._loop = loop

    async def fetch(self) -> Future:
        return (self._loop or get_running_loop()).create_future()


class Worker:
    def __init__(self):
        pass

    async def fetch(self) -> Future:
        return get_running_loop().create_future()
