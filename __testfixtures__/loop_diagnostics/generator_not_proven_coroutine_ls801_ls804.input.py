import asyncio


def retry(function):
    return function


class Client:
    @retry
    @asyncio.coroutine
    def connect(self, loop=None):
        # Another decorator may drive the generator outside any task: not proven a coroutine (B5).
        self._loop = loop or asyncio.get_event_loop()
        yield from asyncio.sleep(0)

    def reconnect(self):
        # A generator with yield from that nothing marks as a coroutine.
        self.loop = asyncio.get_event_loop()
        yield from self.connect()


def poll():
    loop = asyncio.get_event_loop()
    yield from asyncio.sleep(0)
    return loop


def plain(loop=None):
    loop = loop or asyncio.get_event_loop()
    return loop
