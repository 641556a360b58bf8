import asyncio
import unittest


class Base(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_shared(self):
        self.assertFalse(self.loop.is_closed())
