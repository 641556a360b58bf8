# probe round 12, p10: a test starts a task and returns; on the shared loop it ran on during the next test's run,
# with a loop per test it would be destroyed pending. Work scheduled on the loop that no later run in the test
# finishes: LS903.
import asyncio
import unittest


async def ticker(tag):
    for i in range(3):
        await asyncio.sleep(0)
        print("tick", tag, i)


class TickerTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a_start(self):
        self.task = self.loop.create_task(ticker("a"))

    def test_b_other(self):
        self.loop.run_until_complete(asyncio.sleep(0))
