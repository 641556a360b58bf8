# P15 rule 8, the test form, at its boundary: loop=self.X in a test method is dropped only when the
# setUp() that unittest runs right before is known and leaves self.X the current loop, and nothing in the
# method before the call can change that.
import asyncio
import unittest
from unittest import mock


class GetFormTest(unittest.TestCase):
    # Rewritten: get_event_loop() returns the current loop (unittest_loop makes it a loop per test).
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_queue(self):
        q = asyncio.Queue()
        self.loop.run_until_complete(q.put(1))


class NoCurrentLoopTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(None)

    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        self.loop.run_until_complete(q.put(1))


class HelperAfterTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.start_helpers()

    def start_helpers(self):
        pass

    def test_lock(self):
        asyncio.Lock(loop=self.loop)


class CallBeforeTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def test_event_after_a_call(self):
        self.loop.run_until_complete(asyncio.sleep(0))
        asyncio.Event(loop=self.loop)

    def test_event_in_a_block(self):
        if self.loop:
            asyncio.Event(loop=self.loop)

    @mock.patch("asyncio.sleep")
    def test_patched(self, sleep):
        asyncio.Event(loop=self.loop)

    def test_other_attribute(self):
        asyncio.Event(loop=self.other)


class Extended(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def test_semaphore(self):
        asyncio.Semaphore(loop=self.loop)


class ExtendedMore(Extended):
    def setUp(self):
        super().setUp()
        asyncio.set_event_loop(None)


class LoopMixin:
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        super().setUp()


class NoLoopMixin:
    def setUp(self):
        asyncio.set_event_loop(None)


class TwoMixinsTest(LoopMixin, NoLoopMixin, unittest.TestCase):
    def test_condition(self):
        asyncio.Condition(loop=self.loop)


class RestoredTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop = asyncio.new_event_loop()

    def test_gather(self):
        asyncio.gather(loop=self.loop)


class SharedLoopTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(cls.loop)

    def test_queue(self):
        asyncio.Queue(loop=self.loop)


class HookedTest(unittest.TestCase):
    def setUp(self):
        self.event_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.event_loop)

    def test_queue(self):
        asyncio.Queue(loop=self.event_loop)


class Holder:
    @property
    def event_loop(self):
        return asyncio.new_event_loop()


class IsolatedTest(unittest.IsolatedAsyncioTestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_sync(self):
        asyncio.Queue(loop=self.loop)


class CalledByAnotherTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def test_called(self):
        asyncio.Queue(loop=self.loop)

    def test_without_a_current_loop(self):
        asyncio.set_event_loop(None)
        self.test_called()


class ReturnsEarlyTest(unittest.TestCase):
    def setUp(self):
        if not hasattr(asyncio, "new_event_loop"):
            return
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def test_after_a_return(self):
        asyncio.Queue(loop=self.loop)


@mock.patch("os.getcwd", return_value="/")
class PatchedClassTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def test_patched_by_the_class(self, getcwd):
        asyncio.Queue(loop=self.loop)
