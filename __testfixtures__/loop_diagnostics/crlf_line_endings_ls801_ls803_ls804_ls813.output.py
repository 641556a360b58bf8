import asyncio

loop = asyncio.get_event_loop()  # CRLF endings must survive


def helper():
    return asyncio.get_event_loop()


class Client:
    def __init__(self, loop=None):
        self._loop = loop or asyncio.get_event_loop()


policy = asyncio.get_event_loop_policy()
