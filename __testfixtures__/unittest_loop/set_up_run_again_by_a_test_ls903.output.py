# probe round 14, F p14: a test runs setUp() again to reset its fixture; with a loop per test that makes a second
# loop current in the middle of the test, and a task of the first fails on it. LS903.
import asyncio
import unittest


async def value(n):
    await asyncio.sleep(0)
    return n


class ResetTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()
        self.items = []

    def test_reset(self):
        task = self.loop.create_task(value(1))
        self.setUp()
        self.assertEqual(self.loop.run_until_complete(task), 1)

    def test_other(self):
        self.assertEqual(self.loop.run_until_complete(value(2)), 2)
