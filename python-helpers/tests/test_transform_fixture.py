"""One transform end to end, without Node: a fixture through the request handler, byte for byte.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import dataclasses
import json
import os
import sys
import unittest

HELPERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(HELPERS)
sys.path.insert(0, HELPERS)

from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import handle_request  # noqa: E402

TRANSFORMS = load_transforms([os.path.join(REPO, "transforms")])


def fixture(transform, case):
    base = os.path.join(REPO, "__testfixtures__", transform, case)
    with open(base + ".input.py", newline="", encoding="utf-8") as handle:
        source = handle.read()
    with open(base + ".output.py", newline="", encoding="utf-8") as handle:
        expected = handle.read()
    target = "3.9"
    if os.path.exists(base + ".options.json"):
        with open(base + ".options.json", encoding="utf-8") as handle:
            target = json.load(handle).get("target", target)
    return source, expected, target


class GetRunningLoopFixture(unittest.TestCase):
    def test_alias_import(self):
        source, expected, target = fixture("get_running_loop", "alias_import_asyncio_as_aio")
        answer = handle_request({"id": 1, "path": "f.py", "source": source, "transforms": ["get_running_loop"],
                                 "options": {"target": target}}, TRANSFORMS)
        self.assertEqual(answer["status"], "changed", answer)
        self.assertEqual(answer["source"], expected)
        self.assertEqual(answer["transforms"], ["get_running_loop"])
        # A second run has nothing left to do (no get_event_loop left: not even a candidate).
        again = handle_request({"id": 2, "path": "f.py", "source": expected, "transforms": ["get_running_loop"],
                                "options": {"target": target}}, TRANSFORMS)
        self.assertIn(again["status"], ("unchanged", "skipped"))

    def test_skip_reason_codes(self):
        answer = handle_request({"id": 3, "source": "print(1)\n"}, TRANSFORMS)
        self.assertEqual((answer["status"], answer["reasonCode"], answer["reason"]),
                         ("skipped", "no-triggers", "no trigger words"))
        # No built-in transform needs more than 3.7 (runner runs from 3.7 for LS802's proposal): one that does.
        newer = [dataclasses.replace(t, min_target=(3, 11)) if t.name == "runner" else t for t in TRANSFORMS]
        answer = handle_request({"id": 4, "source": "x\n", "transforms": ["runner"], "options": {"target": "3.8"}},
                                newer)
        self.assertEqual((answer["status"], answer["reasonCode"]), ("skipped", "needs-newer-target"))


if __name__ == "__main__":
    unittest.main()
