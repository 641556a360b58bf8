from asyncio import Future, get_event_loop


class Client:
    def __init__(self, loop=None):
        self._loop = loop or get_event_loop()

    async def fetch(self) -> Future:
        return self._loop.create_future()


class Worker:
    def __init__(self):
        self._loop = get_event_loop()

    async def fetch(self) -> Future:
        return self._loop.create_future()
