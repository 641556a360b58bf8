import asyncio


class Client:
    def __init__(self, loop=None):
        self._loop = loop or asyncio.get_event_loop()

    async def fetch(self):
        return self._loop.create_future()


def describe(obj, field):
    return getattr(obj, field)
