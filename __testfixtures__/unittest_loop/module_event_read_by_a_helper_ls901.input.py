# probe round 13, D p16, p17: a module-level Event used by a helper coroutine the tests run. Shared by all tests,
# it binds to the first loop that waits on it: LS901.
import asyncio
import unittest

READY = asyncio.Event()


async def ping():
    asyncio.get_running_loop().call_soon(READY.set)
    await READY.wait()
    READY.clear()
    return "pong"


class PingTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_one(self):
        self.assertEqual(self.loop.run_until_complete(ping()), "pong")

    def test_two(self):
        self.assertEqual(self.loop.run_until_complete(ping()), "pong")
