# probe round 13, D p07: the tests log at DEBUG, where asyncio logs the selector of each new loop: once for the
# shared loop before, once per test after. LS904.
import asyncio
import logging
import sys
import unittest

logging.basicConfig(level=logging.DEBUG, stream=sys.stdout)


async def double(x):
    return 2 * x


class DoubleTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_one(self):
        self.assertEqual(self.loop.run_until_complete(double(1)), 2)

    def test_two(self):
        self.assertEqual(self.loop.run_until_complete(double(2)), 4)
