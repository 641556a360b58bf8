# probe round 8, W10 (the other side): the same test, with no project runner that sets a loop.
# loopshift-fixture: runnable
"""No testsRunWithLoop fact: the first get_event_loop() of the process made the loop, so a loop per test gives
setUp a loop just as good for the test. Rewritten."""
import asyncio
import unittest


async def ping():
    await asyncio.sleep(0)
    return "pong"


class PingTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_ping(self):
        print("open:", not self.loop.is_closed(), self.loop.run_until_complete(ping()))


if __name__ == "__main__":
    result = unittest.TestResult()
    for case in unittest.defaultTestLoader.loadTestsFromTestCase(PingTest):
        case.run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
