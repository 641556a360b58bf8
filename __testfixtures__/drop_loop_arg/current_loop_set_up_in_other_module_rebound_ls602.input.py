# P15 rule 8, the test form: the name of a base from another module is bound twice in this file (an import,
# then a star import that may rebind it, and an assignment): which class it is stays unknown, loop= stays.
import asyncio
import unittest

from loopbases.cases import LoopTestCase
from loopbases.other import *

Case = LoopTestCase
Case = unittest.TestCase


class QueueTest(LoopTestCase):
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class AssignedTest(Case):
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())
