import asyncio

import pytest
import pytest_asyncio
from pytest import fixture as fx


@pytest.fixture(scope="session")
def event_loop():
    # Inside the override nothing else is reported: it goes away with the fixture.
    loop = asyncio.get_event_loop_policy().new_event_loop()
    asyncio.get_event_loop()
    yield loop
    loop.close()


class TestScoped:
    @pytest_asyncio.fixture
    def event_loop(self):
        loop = asyncio.new_event_loop()
        yield loop
        loop.close()


@fx
def event_loop_with_alias():
    return None


@fx(scope="module")
def event_loop():  # noqa: F811
    yield asyncio.new_event_loop()
