"""A request leaves no garbage for the cyclic collector, and pauses it while it runs (request_handler).

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import gc
import os
import sys
import types
import unittest

import libcst

HELPERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HELPERS)

from loopshift_support import request_handler  # noqa: E402
from loopshift_support.registry import Transform, load_transforms  # noqa: E402

TRANSFORMS = load_transforms([os.path.join(os.path.dirname(HELPERS), "transforms")])
# Left unchanged, after a Lifecycle analysis that the context caches and that holds the context.
KEPT_LOOP = ("import asyncio\n\n\ndef run(coro):\n    loop = asyncio.new_event_loop()\n"
             "    loop.run_until_complete(coro)\n    return loop\n")


def _probe(seen):
    def transform(module, ctx):
        seen.append(gc.isenabled())
        return module
    return Transform.from_module(types.SimpleNamespace(NAME="probe", DESCRIPTION="test", TRIGGERS=("asyncio",),
                                           MIN_TARGET=(3, 7), ORDER=10 ** 6, transform=transform))


class Garbage(unittest.TestCase):
    def setUp(self):
        self.addCleanup(gc.enable)
        gc.collect()

    def test_the_files_trees_are_freed_without_the_cyclic_collector(self):
        gc.disable()
        answer = request_handler.handle_request({"id": 1, "path": "app.py", "source": KEPT_LOOP,
                                                 "options": {"target": "3.8"}}, TRANSFORMS)
        self.assertEqual(answer["status"], "unchanged")
        gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds unreachable stays in gc.garbage to look at
        try:
            gc.collect()
            left = [o for o in gc.garbage if isinstance(o, libcst.CSTNode)]
        finally:
            gc.set_debug(0)
            del gc.garbage[:]
        self.assertEqual(left, [])

    def test_collection_is_paused_during_a_request_and_restored_after(self):
        seen = []
        request_handler.handle_request({"id": 1, "path": "app.py", "source": KEPT_LOOP}, TRANSFORMS + [_probe(seen)])
        self.assertEqual(set(seen), {False})
        self.assertTrue(gc.isenabled())
        gc.disable()
        request_handler.handle_request({"id": 2, "path": "app.py", "source": KEPT_LOOP}, TRANSFORMS)
        self.assertFalse(gc.isenabled())  # left as the caller had it


if __name__ == "__main__":
    unittest.main()
