"""Work a run may leave pending (loopshift_support/pending_work.py, docs/SEMANTICS.md R5, P11): with
`callbacks=False` (close_loop's added close()), plain callbacks a close() drops run no code and do not count;
tasks, executor jobs, servers and async generators do.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.pending_work import left_pending  # noqa: E402
from loopshift_support.walk import TreeIndex  # noqa: E402


def pending(source, **options):
    return left_pending(TreeIndex(cst.parse_module(source)), source, **options)


class LeftPending(unittest.TestCase):
    def test_callbacks_count_unless_told_not_to(self):
        source = "def serve(loop):\n    loop.call_soon(print, 1)\n    loop.call_later(1, loop.stop)\n"
        self.assertIn("call_soon", pending(source))
        self.assertIsNone(pending(source, callbacks=False))

    def test_tasks_jobs_and_async_generators_always_count(self):
        for source, word in (("async def main():\n    asyncio.ensure_future(job())\n", "ensure_future"),
                             ("async def main():\n    await loop.run_in_executor(None, f)\n", "run_in_executor"),
                             ("def go(loop):\n    loop.call_soon(f)\n    loop.create_task(job())\n", "create_task"),
                             ("async def main():\n    await asyncio.wait(tasks)\n", "asyncio.wait")):
            self.assertIn(word, pending(source, callbacks=False))
        self.assertIn("async generator", pending("async def ticks():\n    yield 1\n", callbacks=False))


if __name__ == "__main__":
    unittest.main()
