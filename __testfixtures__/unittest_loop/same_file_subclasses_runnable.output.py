# loopshift-fixture: runnable
# A base TestCase takes the loop in setUp() and test classes of the same file subclass it (the common layout of
# a 2017-2020 test module). Every test of each subclass runs the base's setUp(): one loop per test covers them all.
import asyncio
import sys
import unittest


async def double(x):
    await asyncio.sleep(0)
    return 2 * x


class LoopTestCase(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)

    def run_async(self, coro):
        return self.loop.run_until_complete(coro)

    def tearDown(self):
        self.assertFalse(self.loop.is_closed())


class DoubleTest(LoopTestCase):
    def test_two(self):
        self.assertEqual(self.run_async(double(2)), 4)

    def test_current(self):
        # The loop the base took runs the test's coroutines, before and after.
        async def running():
            return asyncio.get_running_loop()

        self.assertIs(self.run_async(running()), self.loop)
        self.assertEqual(self.loop.run_until_complete(double(3)), 6)


class QueueTest(LoopTestCase):
    def test_queue(self):
        async def go():
            queue = asyncio.Queue()
            await queue.put(1)
            return await queue.get()

        self.assertEqual(self.run_async(go()), 1)

    def test_failure_is_reported(self):
        self.assertEqual(self.run_async(double(1)), 3)


if __name__ == "__main__":
    result = unittest.TestResult()
    for case in unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]):
        for test in case:
            print(test.id())
            test.run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
    for test, trace in result.failures + result.errors:
        print(test.id(), trace.strip().splitlines()[-1])
