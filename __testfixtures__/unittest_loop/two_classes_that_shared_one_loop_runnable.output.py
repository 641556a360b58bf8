# loopshift-fixture: runnable
# Two classes whose setUp() took the implicit loop: the old code ran all their tests on one loop,
# never closed. Each test now gets its own loop; the results, what tearDown() sees and what the
# coroutines see are the same.
import asyncio
import sys
import unittest


async def double(value):
    await asyncio.sleep(0)
    return value * 2, asyncio.get_event_loop() is asyncio.get_running_loop()


class Arithmetic(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)
        self.future = self.loop.create_future()  # made under this test's loop, used in this test only

    def tearDown(self):
        print("  tearDown: loop open", not self.loop.is_closed())

    def test_double(self):
        self.assertEqual(self.loop.run_until_complete(double(21)), (42, True))

    def test_future(self):
        self.loop.call_soon(self.future.set_result, "set by a callback")
        self.assertEqual(self.loop.run_until_complete(self.future), "set by a callback")

    def test_gather_outside_a_coroutine(self):
        # gather() outside a coroutine takes the current loop: the one setUp() took.
        both = asyncio.gather(double(1), double(2))
        self.assertEqual(self.loop.run_until_complete(both), [(2, True), (4, True)])


class Queues(unittest.TestCase):
    def setUp(self):
        """The queue is made per test, after the loop is taken."""
        super().setUp()
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)
        self.queue = asyncio.Queue()

    def test_put_get(self):
        async def roundtrip():
            await self.queue.put("item")
            return await self.queue.get()

        self.assertEqual(self.loop.run_until_complete(roundtrip()), "item")

    def test_fails_the_same(self):
        with self.assertRaises(ZeroDivisionError):
            self.loop.run_until_complete(double(1 / 0))


if __name__ == "__main__":
    result = unittest.TestResult()
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])
    for test in suite:
        for case in test:
            print(case.id())
            case.run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
    for case, trace in result.failures + result.errors:
        print(case.id(), trace.strip().splitlines()[-1])
