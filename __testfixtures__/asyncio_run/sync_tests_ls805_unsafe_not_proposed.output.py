"""No LS805 proposal in this file: test_alone would qualify, but the other tests keep the implicit loop
and could run after it, when asyncio.run() has left no current loop (docs/SEMANTICS.md P13)."""
import asyncio

import pytest


async def answer(x=1):
    await asyncio.sleep(0)
    return 41 + x


def test_alone():
    assert asyncio.get_event_loop().run_until_complete(answer()) == 42


def test_two_runs_share_the_loop():
    loop = asyncio.get_event_loop()
    first = loop.run_until_complete(answer(1))
    assert loop.run_until_complete(answer(first)) == 83


def test_run_in_a_loop():
    for x in range(2):
        asyncio.get_event_loop().run_until_complete(answer(x))


def test_code_between():
    loop = asyncio.get_event_loop()
    x = 2
    loop.run_until_complete(answer(x))


def test_takes_a_fixture(value):
    asyncio.get_event_loop().run_until_complete(answer(value))


def test_not_a_local_coroutine():
    asyncio.get_event_loop().run_until_complete(asyncio.gather(answer()))


@pytest.fixture
def value():
    return asyncio.get_event_loop().run_until_complete(answer())


class TestWithSetup:
    def setup_method(self):
        self.x = 1

    def test_method(self):
        asyncio.get_event_loop().run_until_complete(answer(self.x))
