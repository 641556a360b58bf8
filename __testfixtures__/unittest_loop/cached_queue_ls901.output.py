# probe round 10: an lru_cache'd accessor returns one asyncio.Queue for the process; with a loop per test the
# second test would wait on a queue bound to the first test's loop. A caching decorator keeps it (LS901).
"""A process-wide work queue obtained through a cached accessor, exercised by two tests."""
import asyncio
import functools
import sys
import unittest


@functools.lru_cache(maxsize=None)
def work_queue():
    return asyncio.Queue()


async def produce(item):
    await asyncio.sleep(0.001)
    work_queue().put_nowait(item)


async def roundtrip(item):
    got, _ = await asyncio.gather(work_queue().get(), produce(item), return_exceptions=True)
    return got


class QueueTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_first(self):
        self.assertEqual(self.loop.run_until_complete(roundtrip("a")), "a")

    def test_second(self):
        got = self.loop.run_until_complete(roundtrip("b"))
        print("second got", repr(got)[:60])
        self.assertEqual(got, "b")


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(QueueTest)
    res = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    sys.exit(0 if res.wasSuccessful() else 1)
