# probe round 8, W10: the project's test runner (run_tests.py) sets a debug loop as current, then discovers and
# runs the tests.
"""setUp's get_event_loop() returned the runner's loop (debug on); a loop per test would be a new one (debug off).
A project module that is no test, sets a loop (or a policy) and runs tests (facts testsRunWithLoop) makes
unittest_loop decline (test_loops.class_problem). Left unchanged, reported. Not runnable: the runner is another
module."""
import asyncio
import unittest


async def ping():
    await asyncio.sleep(0)
    return "pong"


class DebugTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_ping(self):
        print("debug:", self.loop.get_debug(), self.loop.run_until_complete(ping()))
