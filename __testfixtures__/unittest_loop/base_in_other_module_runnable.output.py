# loopshift-fixture: runnable
# P13a with the one base in another project module (its text sent by the driver: FileFacts.baseModules, here in
# options.json, written into files on PYTHONPATH to run): the base and its own bases there only add methods
# (helpers, a tearDown) and constants, no setUp, no class fixtures, nothing run around the tests; their methods
# are checked as the class's own (shared state, what they do with self.loop), so each test gets its own loop.
import asyncio
import sys
import unittest

import loopbases.helpers as helpers
from loopbases.helpers import AsyncHelpers, MoreHelpers


async def double(x):
    await asyncio.sleep(0)
    return 2 * x


class DoubleTest(AsyncHelpers):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)

    def test_double(self):
        print("double", self.run_coro(double(21)))

    def test_future(self):
        fut = self.loop.create_future()
        self.loop.call_soon(fut.set_result, "done")
        print("future", self.run_coro(fut))


class TwiceTest(MoreHelpers):
    def setUp(self):
        super().setUp()
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)

    def test_twice(self):
        print("twice", self.run_twice(lambda: double(4)))


class LocalTest(helpers.AsyncHelpers):
    def test_local(self):
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(loop.close)
        print("local", loop.run_until_complete(double(2)))


if __name__ == "__main__":
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]).run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
    for test, trace in result.failures + result.errors:
        print(test.id(), trace.strip().splitlines()[-1])
