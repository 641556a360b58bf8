# probe round 10: the tests reach, through coroutines, a helper that keeps a semaphore per name in a module dict.
# On one shared loop both tests work; with a loop per test the second would find the first test's semaphore,
# bound to that loop (3.10+: RuntimeError when contended). A function of the file that stores into module state,
# declares global or caches its results keeps what it makes across tests (test_state.kept_by_functions). LS901.
"""Rate limiter shared through a module-level registry, exercised by two tests."""
import asyncio
import sys
import unittest

_LIMITERS = {}


def limiter(name):
    if name not in _LIMITERS:
        _LIMITERS[name] = asyncio.Semaphore(1)
    return _LIMITERS[name]


async def call_api(name, n):
    async with limiter(name):
        await asyncio.sleep(0.001)
        return n


async def burst(name):
    return await asyncio.gather(call_api(name, 1), call_api(name, 2), return_exceptions=True)


class LimiterTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a_burst(self):
        print("a:", [type(r).__name__ for r in self.loop.run_until_complete(burst("api"))])

    def test_b_burst(self):
        print("b:", [type(r).__name__ for r in self.loop.run_until_complete(burst("api"))])


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(LimiterTest)
    res = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    sys.exit(0 if res.wasSuccessful() else 1)
