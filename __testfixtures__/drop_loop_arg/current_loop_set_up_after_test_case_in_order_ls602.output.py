# P15 rule 8's test form: the first setUp() in the method resolution order is the one that runs, and
# unittest.TestCase has its own, which does nothing: listed first, it comes before the mixin's (probe
# round 7, W10).
import asyncio
import unittest


class LoopMixin:
    loop = asyncio.new_event_loop()

    def setUp(self):
        asyncio.set_event_loop(self.loop)


class QueueTest(unittest.TestCase, LoopMixin):
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        self.loop.call_later(0.001, q.put_nowait, 3)
        try:
            print("got", self.loop.run_until_complete(q.get()))
        except RuntimeError as exc:
            print("queue failed:", type(exc).__name__)


if __name__ == "__main__":
    unittest.main()
