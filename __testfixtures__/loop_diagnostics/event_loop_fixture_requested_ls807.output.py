import asyncio

import pytest
import pytest_asyncio


@pytest.mark.asyncio
async def test_uses_fixture(event_loop):
    assert event_loop is asyncio.get_running_loop()


def test_sync_drives_fixture(event_loop):
    event_loop.run_until_complete(asyncio.sleep(0))


@pytest_asyncio.fixture
async def client(event_loop):
    yield event_loop


class TestGroup:
    def test_method(self, *, event_loop):
        assert event_loop


@pytest.mark.usefixtures("event_loop")
def test_marked():
    pass


pytestmark = pytest.mark.usefixtures("tmp_path", "event_loop")
