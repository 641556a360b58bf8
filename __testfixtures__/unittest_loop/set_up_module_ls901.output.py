import asyncio
import unittest


def setUpModule():
    global SHARED
    SHARED = asyncio.get_event_loop().create_future()


class UsesTheModuleFixture(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_done(self):
        self.assertFalse(SHARED.done())
