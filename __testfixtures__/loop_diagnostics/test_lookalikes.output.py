import asyncio

import pytest


def check_answer():
    # Not a test by name and not a fixture: a sync helper (LS801).
    return asyncio.get_event_loop()


def fixture(function):
    return function


@fixture
def loop():
    # A local decorator named fixture is not pytest's: LS801, not LS805.
    return asyncio.get_event_loop()


@pytest.mark.asyncio
async def test_async():
    # get_running_loop's territory.
    return asyncio.get_event_loop()


def test_owns_loop():
    loop = asyncio.new_event_loop()
    try:
        assert loop.run_until_complete(asyncio.sleep(0, 42)) == 42
    finally:
        loop.close()
