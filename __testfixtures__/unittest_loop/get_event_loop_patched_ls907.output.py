# probe round 12, p17, p18: the tests patch asyncio's loop functions; a test's loop came from the patch, and the
# new_event_loop() a loop per test adds may too. A file that patches them keeps the implicit loop: LS907.
import asyncio
import unittest
from unittest import mock


class ClockTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_patched(self):
        with mock.patch("asyncio.get_event_loop") as fake:
            self.assertIs(asyncio.get_event_loop(), fake.return_value)

    def test_time(self):
        self.assertGreaterEqual(self.loop.time(), 0)
