import asyncio
from asyncio import AbstractEventLoop, get_event_loop


class Client:
    def __init__(self, host, loop=None):
        self.host = host
        self._loop = loop or asyncio.get_event_loop()
        self.created = asyncio.get_event_loop()

    def restart(self):
        self.loop: AbstractEventLoop = get_event_loop()


class Server:
    def __init__(self, loop=None):
        self.loop = loop if loop is not None else asyncio.get_event_loop()


def open_connection(host, loop=None):
    if loop is None:
        loop = asyncio.get_event_loop()
    return host, loop


def start(handler, *, loop=None):
    return handler(loop=loop or asyncio.get_event_loop())
