# A coroutine starts a task that outlives its test: on the shared loop it ticked on during the next
# test's run; with a loop per test it would die with the first test's loop (docs/SEMANTICS.md P13a).
import asyncio
import unittest


async def start():
    asyncio.ensure_future(_tick())


async def _tick():
    while True:
        print("tick")
        await asyncio.sleep(0.01)


class Ticks(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_1_start(self):
        self.loop.run_until_complete(start())

    def test_2_wait(self):
        self.loop.run_until_complete(asyncio.sleep(0.025))
