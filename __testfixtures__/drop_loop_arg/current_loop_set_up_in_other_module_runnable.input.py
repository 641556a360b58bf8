# loopshift-fixture: runnable
# P15 rule 8, the test form, with setUp() in a base class of another project module: the driver sends the
# text of the modules the file's classes take their bases from (FileFacts.baseModules; here in options.json,
# written into files on PYTHONPATH to run). Those bases' class statements go through the same method
# resolution order and the same checks as a same-file base's: loop=self.loop is the current loop here too.
# A name imported from the module, a module alias, a mixin of that module and a base of a base all lead there.
import asyncio
import sys
import unittest

import loopbases.cases as cases
from loopbases.cases import CleanupLoopCase, LoopTestCase, ReportingMixin
from loopbases.more import ChildLoopCase


async def produce(q, n):
    for i in range(n):
        await q.put(i)
    return n


class QueueTest(LoopTestCase):
    def test_queue_and_gather(self):
        q = asyncio.Queue(loop=self.loop)
        got = self.loop.run_until_complete(asyncio.gather(produce(q, 3), loop=self.loop))
        print("queue", got, q.qsize())


class EventTest(ReportingMixin, CleanupLoopCase):
    def test_event_set_by_a_callback(self):
        ev = asyncio.Event(loop=self.loop)
        self.loop.call_soon(ev.set)
        self.report("event", self.loop.run_until_complete(ev.wait()))


class LockTest(ChildLoopCase):
    def test_lock(self):
        lock = asyncio.Lock(loop=self.loop)

        async def hold():
            async with lock:
                return lock.locked()

        print("lock", self.loop.run_until_complete(hold()), lock.locked())


class AliasTest(cases.LoopTestCase):
    def test_bounded_semaphore(self):
        sem = asyncio.BoundedSemaphore(2, loop=self.loop)
        self.loop.run_until_complete(sem.acquire())
        print("semaphore", sem.locked())


if __name__ == "__main__":
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]).run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
    for test, trace in result.failures + result.errors:
        print(test.id(), trace.strip().splitlines()[-1])
