# P15 rule 8's test form declines when a class in the method resolution order has a hook that may wrap or
# replace the test methods (__init_subclass__, __init__, __new__, attribute hooks): the test
# may not run right after setUp() (probe round 7, W03).
import asyncio
import unittest


class Mixin:
    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.tagged = True

    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def tearDown(self):
        asyncio.set_event_loop(None)
        self.loop.close()


class HookedTest(Mixin, unittest.TestCase):
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        self.loop.run_until_complete(q.put(1))


if __name__ == "__main__":
    unittest.main()
