import asyncio

import pytest


def event_loop():
    # Not decorated as a fixture: an ordinary function.
    return asyncio.new_event_loop()


def run_on(event_loop, coro):
    # Not a test and not a fixture: the parameter is just a loop.
    return event_loop.run_until_complete(coro)


@pytest.fixture
def event_loop_policy():
    return asyncio.DefaultEventLoopPolicy()


@pytest.mark.usefixtures("tmp_path")
def test_other(event_loop_policy, loop_scope="module"):
    assert event_loop_policy
