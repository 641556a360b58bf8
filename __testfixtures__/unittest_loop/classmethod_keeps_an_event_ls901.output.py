# probe round 13, D p01: a classmethod caches an Event on the class; the second test's own loop would find it
# bound to the first's. Decorated methods of a test class may keep state across tests: LS901.
import asyncio
import unittest


class ReadyTest(unittest.TestCase):
    _ready = None

    def setUp(self):
        self.loop = asyncio.get_event_loop()

    @classmethod
    def ready(cls):
        if cls._ready is None:
            cls._ready = asyncio.Event()
        return cls._ready

    async def wait_ready(self):
        event = self.ready()
        self.loop.call_soon(event.set)
        await event.wait()
        event.clear()

    def test_a(self):
        self.loop.run_until_complete(self.wait_ready())

    def test_b(self):
        self.loop.run_until_complete(self.wait_ready())
