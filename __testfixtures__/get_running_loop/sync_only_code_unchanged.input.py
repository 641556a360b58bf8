import asyncio

loop = asyncio.get_event_loop()


def run_sync(coro):
    return asyncio.get_event_loop().run_until_complete(coro)


class Client:
    def __init__(self):
        self.loop = asyncio.get_event_loop()
