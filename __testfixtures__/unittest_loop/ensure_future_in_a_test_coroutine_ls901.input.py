# probe round 12, p22: a coroutine of the test class starts a heartbeat and returns; the shared loop ran it on in
# later tests. The tests' own coroutines count for work left pending: LS901.
import asyncio
import unittest


async def beat(tag):
    for i in range(2):
        await asyncio.sleep(0)
        print("beat", tag, i)


class HeartbeatTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    async def start(self):
        asyncio.ensure_future(beat("hb"))

    def test_a_start(self):
        self.loop.run_until_complete(self.start())

    def test_b_later(self):
        self.loop.run_until_complete(asyncio.sleep(0))
