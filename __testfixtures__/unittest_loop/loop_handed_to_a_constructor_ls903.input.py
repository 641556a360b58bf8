# probe round 12, p05: the test hands its loop to a class that caches one instance per process. The shared loop
# stayed usable for the second test; with a loop per test the cached pool would run a closed loop. Any call the
# loop is handed to may keep it, a constructor too: LS903.
import asyncio
import unittest


class Pool:
    _instance = None

    def __new__(cls, loop=None):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance.loop = loop
        return cls._instance

    def run(self, coro):
        return self.loop.run_until_complete(coro)


async def query(n):
    await asyncio.sleep(0)
    return n + 100


class PoolTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()
        self.pool = Pool(self.loop)

    def test_first(self):
        self.assertEqual(self.pool.run(query(1)), 101)

    def test_second(self):
        self.assertEqual(self.pool.run(query(2)), 102)
