import asyncio
import unittest

import pytest


class NotATestCase:
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_plain(self):
        loop = asyncio.get_event_loop()
        return loop


class AsyncCase(unittest.IsolatedAsyncioTestCase):
    async def test_running(self):
        self.assertIs(asyncio.get_event_loop(), asyncio.get_running_loop())


class OwnsItsLoop(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.assertIs(asyncio.get_event_loop(), self.loop)  # a loop was just set: known

    def tearDown(self):
        asyncio.set_event_loop(None)
        self.loop.close()

    def helper(self):
        return asyncio.get_event_loop()  # not a test method: loop_diagnostics' (LS801)


def test_pytest_style():
    loop = asyncio.get_event_loop()  # a test function, not a TestCase method: loop_diagnostics' (LS805)
    assert loop.run_until_complete(asyncio.sleep(0, 1)) == 1


@pytest.fixture
def loop():
    return asyncio.get_event_loop()
