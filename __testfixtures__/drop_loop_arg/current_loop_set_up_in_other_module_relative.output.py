# P15 rule 8, the test form, through relative imports: this module is tests.test_relative; its bases come from
# tests.base (whose own base is in tests.support, imported relatively there too), from the package's
# __init__.py, and through the submodule object. The driver sends those texts (FileFacts.baseModules), a
# package's marked packageInit so that its relative imports start in the package itself.
import asyncio

from . import InitCase, base
from .base import LoopTestCase


class QueueTest(LoopTestCase):
    def test_queue(self):
        q = asyncio.Queue()
        print(q.qsize())


class EventTest(InitCase):
    def test_event(self):
        ev = asyncio.Event()
        print(ev.is_set())


class ThroughTheModule(base.LoopTestCase):
    def test_lock(self):
        lock = asyncio.Lock()
        print(lock.locked())
