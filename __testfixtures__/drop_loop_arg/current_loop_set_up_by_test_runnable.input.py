# loopshift-fixture: runnable
# P15 rule 8, the test form: loop=self.loop in a test method of a unittest.TestCase that unittest alone
# runs, whose setUp() (its own, or a same-file base's or mixin's) made self.loop the current loop with
# nothing after it that can change that. unittest calls setUp() and then the method, so up to 3.9 the
# primitives, gather and shield without loop= take get_event_loop() there, which is self.loop. (The
# `self.loop = asyncio.get_event_loop()` form is in current_loop_set_up_by_test_boundary_ls602: on 3.12
# that setUp() warns until unittest_loop rewrites it.)
import asyncio
import sys
import unittest


async def add(a, b):
    await asyncio.sleep(0)
    return a + b


class ExplicitLoopTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def tearDown(self):
        asyncio.set_event_loop(None)
        self.loop.close()

    def test_queue_and_gather(self):
        """The docstring runs nothing."""
        q = asyncio.Queue(loop=self.loop)

        async def put(n):
            await q.put(n)
            return n

        got = self.loop.run_until_complete(asyncio.gather(put(1), put(2), add(3, 4), loop=self.loop))
        print("gather", got, q.qsize())

    def test_event_set_by_a_callback(self):
        ev = asyncio.Event(loop=self.loop)
        self.loop.call_soon(ev.set)
        print("event", self.loop.run_until_complete(ev.wait()))


class LoopPerTest(unittest.TestCase):
    def setUp(self):
        super().setUp()
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)
        self.rows = [1, 2, 3]

    def test_lock_and_shield(self):
        lock = asyncio.Lock(loop=self.loop)
        sem = asyncio.BoundedSemaphore(2, loop=self.loop)

        async def guarded(n):
            async with lock, sem:
                return n * 10

        inner = asyncio.shield(guarded(5), loop=self.loop)
        many = asyncio.gather(*[guarded(r) for r in [1, 2]], loop=self.loop)
        print("shield", self.loop.run_until_complete(inner))
        print("many", self.loop.run_until_complete(many))


class LoopMixin:
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def tearDown(self):
        asyncio.set_event_loop(None)
        self.loop.close()


class WithMixin(LoopMixin, unittest.TestCase):
    @unittest.skipIf(sys.version_info < (3, 5), "too old")
    def test_condition(self):
        cond = asyncio.Condition(loop=self.loop)

        async def waiter():
            async with cond:
                await cond.wait()
                return "woken"

        async def notifier():
            await asyncio.sleep(0)
            async with cond:
                cond.notify_all()

        print("condition", self.loop.run_until_complete(asyncio.gather(waiter(), notifier(), loop=self.loop)))


class LoopBase(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def tearDown(self):
        asyncio.set_event_loop(None)
        self.loop.close()


class FromBase(LoopBase):
    def test_queue_from_base(self):
        q = asyncio.LifoQueue(loop=self.loop)
        self.loop.run_until_complete(q.put("last"))
        print("lifo", self.loop.run_until_complete(q.get()))


if __name__ == "__main__":
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]).run(result)  # class fixtures too
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
    for test, trace in result.failures + result.errors:
        print(test.id(), trace.strip().splitlines()[-1])
