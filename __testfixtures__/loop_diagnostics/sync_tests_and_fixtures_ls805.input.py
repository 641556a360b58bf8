import asyncio
import unittest

import pytest


async def answer():
    return 42


def test_answer():
    loop = asyncio.get_event_loop()
    assert loop.run_until_complete(answer()) == 42


class TestLegacy(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_runs(self):
        self.assertEqual(self.loop.run_until_complete(answer()), 42)


@pytest.fixture
def loop():
    return asyncio.get_event_loop()
