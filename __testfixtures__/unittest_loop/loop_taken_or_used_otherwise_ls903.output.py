import asyncio
import signal
import threading
import unittest

from client import Client


async def go():
    return 1


class CodeBeforeIt(unittest.TestCase):
    def setUp(self):
        self.client = Client()  # may take the current loop itself
        self.loop = asyncio.get_event_loop()


class Chained(unittest.TestCase):
    def test_chained(self):
        self.assertEqual(asyncio.get_event_loop().run_until_complete(go()), 1)


class NestedBlock(unittest.TestCase):
    def test_nested(self):
        if go:
            loop = asyncio.get_event_loop()
            loop.run_until_complete(go())


class OnTheInstanceInATest(unittest.TestCase):
    def test_attribute(self):
        self.loop = asyncio.get_event_loop()


class SetUpTakesItFirst(unittest.TestCase):
    def setUp(self):
        self.value = 1

    def test_after_set_up(self):
        loop = asyncio.get_event_loop()
        loop.run_until_complete(go())


class Escapes(unittest.TestCase):
    def test_escape(self):
        loop = asyncio.get_event_loop()
        self.other = loop


class Rebound(unittest.TestCase):
    def test_rebound(self):
        loop = asyncio.get_event_loop()
        loop = None


class SignalHandler(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()
        self.loop.add_signal_handler(signal.SIGUSR1, print)


class ManagesLoops(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def tearDown(self):
        asyncio.set_event_loop(None)


class ClosesTheSharedLoop(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def tearDown(self):
        self.loop.close()

    def test_first(self):
        self.loop.run_until_complete(go())

    def test_second(self):
        self.loop.run_until_complete(go())


class RunsInAThread(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_thread(self):
        threading.Thread(target=self.loop.run_forever, daemon=True).start()


class HandsTheLoopToAThread(unittest.TestCase):
    def test_thread(self):
        loop = asyncio.get_event_loop()
        threading.Thread(target=print, args=(loop,)).start()


class ChangesTheSharedLoop(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()
        self.loop.set_debug(True)  # every test alike: fine

    def test_settings(self):
        self.loop.slow_callback_duration = 10


class ClosesTheCurrentLoop(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def tearDown(self):
        asyncio.get_event_loop().close()


class LaterCallOfADeclinedTest(unittest.TestCase):
    def test_declined_twice(self):
        self.client = Client()
        loop = asyncio.get_event_loop()
        loop.run_until_complete(asyncio.get_event_loop().create_task(go()))


class LaterCallClosesIt(unittest.TestCase):
    def test_closes_through_a_later_variable(self):
        asyncio.get_event_loop().run_until_complete(go())
        loop = asyncio.get_event_loop()
        loop.close()
