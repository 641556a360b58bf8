"""A prepare request parses ahead; the transform request of the same text then answers exactly as without it.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

HELPERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HELPERS)

from loopshift_support import request_handler  # noqa: E402
from loopshift_support.registry import load_transforms  # noqa: E402

TRANSFORMS = load_transforms([os.path.join(os.path.dirname(HELPERS), "transforms")])
LEGACY = ("import asyncio\n\n\nasync def main():\n    pass\n\n\nif __name__ == '__main__':\n"
          "    loop = asyncio.get_event_loop()\n    loop.run_until_complete(main())\n")
GATED = "from . import events\n\n\ndef f():\n    return events.get_event_loop()\n"  # nothing resolves through asyncio


def request(kind, source, target="3.9"):
    return {"id": 3, "type": kind, "path": "app.py", "source": source, "options": {"target": target}}


class PrepareTest(unittest.TestCase):
    def setUp(self):
        request_handler._PREPARED.clear()

    def test_the_tree_is_kept_used_once_and_the_answer_is_the_same(self):
        plain = request_handler.handle_request(request("transform", LEGACY), TRANSFORMS)
        ack = request_handler.handle_request(request("prepare", LEGACY), TRANSFORMS)
        self.assertEqual((ack["status"], ack["prepared"]), ("unchanged", True))
        self.assertIn(LEGACY, request_handler._PREPARED)
        prepared = request_handler.handle_request(request("transform", LEGACY), TRANSFORMS)
        self.assertNotIn(LEGACY, request_handler._PREPARED)
        for answer in (plain, prepared):
            answer.pop("maxRssKb")
        self.assertEqual(prepared, plain)
        self.assertEqual(plain["status"], "changed")

    def test_no_tree_for_what_needs_no_parse_or_does_not_parse(self):
        for source in (GATED, "x = 1\n", "def broken(:\n    get_event_loop()\n"):
            ack = request_handler.handle_request(request("prepare", source), TRANSFORMS)
            self.assertEqual((ack["status"], ack["prepared"]), ("unchanged", False))
        self.assertFalse(request_handler._PREPARED)

    def test_at_most_max_prepared_trees(self):
        for n in range(request_handler.MAX_PREPARED + 3):
            request_handler.handle_request(request("prepare", LEGACY + "# %d\n" % n), TRANSFORMS)
        self.assertEqual(len(request_handler._PREPARED), request_handler.MAX_PREPARED)
        self.assertNotIn(LEGACY + "# 0\n", request_handler._PREPARED)  # the oldest went first


if __name__ == "__main__":
    unittest.main()
