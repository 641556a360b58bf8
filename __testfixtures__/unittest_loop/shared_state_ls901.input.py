import asyncio
import unittest

LOCK = asyncio.Lock()
RESULTS = []
TIMEOUT = 5.0


async def hold(lock):
    async with lock:
        await asyncio.sleep(0)


class MadeInSetUpClass(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.event = asyncio.Event()

    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_set(self):
        self.event.set()


class ClassAttribute(unittest.TestCase):
    queue = asyncio.Queue()

    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_put(self):
        self.loop.run_until_complete(self.queue.put(1))


class ModuleLock(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_hold(self):
        self.loop.run_until_complete(asyncio.wait_for(hold(LOCK), TIMEOUT))


class StoredOnTheClass(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_store(self):
        type(self).future = self.loop.create_future()


class ModuleList(unittest.TestCase):
    def test_append(self):
        loop = asyncio.get_event_loop()
        RESULTS.append(loop.create_future())


class GlobalRebound(unittest.TestCase):
    def test_rebind(self):
        loop = asyncio.get_event_loop()
        global TIMEOUT
        TIMEOUT = loop.time()


class ModuleLockAsDefault(unittest.TestCase):
    def test_default(self, lock=LOCK):
        loop = asyncio.get_event_loop()
        loop.run_until_complete(hold(lock))
