# probe round 12, B p01: a test patches asyncio.get_event_loop with a fake loop, and the coroutine under test
# reads its clock through it. get_running_loop() would bypass the patch: left unchanged (LS104).
import asyncio
from unittest import mock


class FakeLoop:
    def time(self):
        return 1000.0


async def stamp():
    return asyncio.get_event_loop().time()


def test_stamp():
    with mock.patch("asyncio.get_event_loop", return_value=FakeLoop()):
        assert asyncio.run(stamp()) == 1000.0
