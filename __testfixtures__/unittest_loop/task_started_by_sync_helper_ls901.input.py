# probe round 11, m4: a coroutine hands its loop to a sync helper that starts a task. On the shared loop the task of
# test_a ran during test_b's run ("audit a"); with a loop per test it would die with test_a's loop. Work started in
# sync helpers counts, as in coroutines (pending_work.left_pending's skip). LS901.
import asyncio
import unittest


def spawn(loop, coro):
    return loop.create_task(coro)


async def audit(tag):
    await asyncio.sleep(0)
    print("audit", tag)


async def handle(tag):
    spawn(asyncio.get_running_loop(), audit(tag))


class T(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(handle("a"))

    def test_b(self):
        self.loop.run_until_complete(handle("b"))
        self.loop.run_until_complete(asyncio.sleep(0.01))


if __name__ == "__main__":
    unittest.main(verbosity=0)
