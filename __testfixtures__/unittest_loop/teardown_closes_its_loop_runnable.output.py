# loopshift-fixture: runnable
# One test, whose tearDown() closes the loop: closing it again in the cleanup does nothing. A helper
# method of the class that reads the current loop gets the test's loop, as it got the shared one.
import asyncio
import sys
import unittest


async def greet(name):
    await asyncio.sleep(0)
    return "hello " + name


class Greeting(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)

    def tearDown(self):
        print("  tearDown: loop open", not self.loop.is_closed())
        self.loop.close()
        self.loop = None

    def run_on_current_loop(self, coro):
        return asyncio.get_event_loop().run_until_complete(coro)

    def test_greet(self):
        self.assertEqual(self.run_on_current_loop(greet("world")), "hello world")
        self.assertIs(asyncio.get_event_loop_policy().get_event_loop(), self.loop)


if __name__ == "__main__":
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]).run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
