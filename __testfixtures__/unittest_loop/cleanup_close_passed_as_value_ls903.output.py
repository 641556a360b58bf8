# probe round 12, p02: setUp() registers the shared loop's close as a cleanup, passing the bound method. The first
# test closed the loop every later test got; a loop per test would let them pass. A method of the loop taken as a
# value may run at any time: LS903.
import asyncio
import unittest


async def double(x):
    await asyncio.sleep(0)
    return 2 * x


class DoubleTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()
        self.addCleanup(self.loop.close)

    def test_one(self):
        self.assertEqual(self.loop.run_until_complete(double(1)), 2)

    def test_two(self):
        self.assertEqual(self.loop.run_until_complete(double(2)), 4)
