# P15 rule 8, the test form: the setUp() of a base of another module would make self.loop the current loop,
# but a project module this file imports reads or sets the current loop at import time (importedEffects
# .loopAtImport): the test's start is left unknown, loop= stays (LS602).
import asyncio
import unittest

from loopbases.cases import LoopTestCase


class QueueTest(LoopTestCase):
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())
