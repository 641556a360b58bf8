# loopshift-fixture: runnable
# Sync test methods that take the implicit loop themselves (no setUp): each gets its own loop.
import asyncio as aio
import sys
import unittest
from asyncio import get_event_loop


async def answer():
    await aio.sleep(0)
    return 42


class SyncTests(unittest.TestCase):
    def test_run(self):
        loop = aio.get_event_loop()
        self.assertEqual(loop.run_until_complete(answer()), 42)

    def test_two_runs_and_a_task(self):
        "A docstring may come first."
        loop = get_event_loop()
        task = loop.create_task(answer())
        first = loop.run_until_complete(task)
        second = loop.run_until_complete(answer())
        self.assertEqual((first, second, task.done()), (42, 42, True))

    def test_cleanup_of_the_test_runs_first(self):
        loop = get_event_loop()
        # Registered after the loop per test, so it runs before that loop is closed.
        self.addCleanup(lambda: print("  own cleanup: loop open", not loop.is_closed()))
        self.assertEqual(loop.run_until_complete(answer()), 42)

    def test_without_a_loop(self):
        self.assertEqual(6 * 7, 42)


if __name__ == "__main__":
    result = unittest.TestResult()
    for case in unittest.defaultTestLoader.loadTestsFromTestCase(SyncTests):
        print(case.id())
        case.run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
