# P13a with the one base in another project module that reads or sets the current loop at import time
# (importedEffects): after a loop per test that code would find none, so the file keeps the shared loop (LS904).
import asyncio
import unittest

from loopbases.helpers import AsyncHelpers


class DoubleTest(AsyncHelpers):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.run_coro(asyncio.sleep(0))
