"""An exception handler (or any setting) that one class's setUp() puts on the shared loop reached the
tests of the other classes that shared it: a loop per test would take it from them. Both stay."""
import asyncio
import unittest


class ATest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()
        self.loop.set_exception_handler(lambda loop, ctx: print("A's handler saw", ctx["exception"]))

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class BTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_b(self):
        self.loop.call_soon(lambda: 1 / 0)
        self.loop.run_until_complete(asyncio.sleep(0.001))
