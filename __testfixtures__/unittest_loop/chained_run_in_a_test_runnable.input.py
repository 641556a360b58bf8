# loopshift-fixture: runnable
# The 2016-2019 idiom: a sync test that runs its async body on the implicit loop in one statement.
# The statement gets a loop of its own first; the coroutine is made after the loop is taken, as before.
import asyncio
import sys
import unittest


class AsyncBodies(unittest.TestCase):
    async def check_sleep(self):
        await asyncio.sleep(0)
        self.assertIs(asyncio.get_event_loop(), asyncio.get_running_loop())

    async def compute(self):
        await asyncio.sleep(0)
        return 6 * 7

    def test_sleep(self):
        asyncio.get_event_loop().run_until_complete(self.check_sleep())

    def test_compute(self):
        # The result is checked after the run.
        result = asyncio.get_event_loop().run_until_complete(self.compute())
        self.assertEqual(result, 42)

    def test_two_runs(self):
        first = asyncio.get_event_loop().run_until_complete(self.compute())
        # Later calls return the loop the test took, the shared one before and its own after.
        loop = asyncio.get_event_loop()
        second = loop.run_until_complete(self.compute())
        third = asyncio.get_event_loop().run_until_complete(self.compute())
        self.assertEqual((first, second, third), (42, 42, 42))
        self.assertFalse(loop.is_closed())

    def test_failure_is_kept(self):
        asyncio.get_event_loop().run_until_complete(asyncio.sleep(0, result=self.fail("as before")))


if __name__ == "__main__":
    result = unittest.TestResult()
    for case in unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]):
        for test in case:
            print(test.id())
            test.run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
    for test, trace in result.failures + result.errors:
        print(test.id(), trace.strip().splitlines()[-1])
