import asyncio
import unittest


class SharedByTheClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.loop = asyncio.get_event_loop()
        cls.server_ready = cls.loop.create_future()

    def test_ready(self):
        self.assertFalse(self.server_ready.done())
