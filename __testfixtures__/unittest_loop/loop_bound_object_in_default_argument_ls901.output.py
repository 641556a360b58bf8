# probe round 11, m3: a helper keeps one asyncio.Lock per name in a default argument. On the shared loop both tests
# work; with a loop per test the second would contend on the first test's lock (RuntimeError on 3.10+). Code outside
# the tests that makes loop-bound objects in a sync function, or keeps them from a coroutine, declines (LS901).
import asyncio
import unittest


def lock_for(name, _locks={}):
    if name not in _locks:
        _locks[name] = asyncio.Lock()
    return _locks[name]


async def use(name):
    async with lock_for(name):
        await asyncio.sleep(0)


async def contend():
    got = await asyncio.gather(use("db"), use("db"), return_exceptions=True)
    return [type(g).__name__ for g in got]


class T(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        print("a", self.loop.run_until_complete(contend()))

    def test_b(self):
        print("b", self.loop.run_until_complete(contend()))


if __name__ == "__main__":
    unittest.main(verbosity=0)
