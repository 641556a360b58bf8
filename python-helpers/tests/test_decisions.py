"""Site decisions as values (loopshift_support/decisions.py): settle() reports and hands back rewrites.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.decisions import Diagnose, DiagnoseAll, Leave, Rewrite, settle  # noqa: E402


class _Context:
    def __init__(self):
        self.reported = []

    def diagnose(self, node, code, message):
        self.reported.append((node, code, message))


@dataclass(frozen=True)
class _Edit(Rewrite):
    start: int


class Settle(unittest.TestCase):
    def test_a_rewrite_comes_back_unreported(self):
        ctx, edit = _Context(), _Edit(3)
        self.assertIs(settle(ctx, edit), edit)
        self.assertEqual(ctx.reported, [])

    def test_a_diagnosis_is_reported_in_ctx_diagnose_order(self):
        ctx = _Context()
        self.assertIsNone(settle(ctx, Diagnose("LS501", "node", "why")))
        self.assertEqual(ctx.reported, [("node", "LS501", "why")])

    def test_several_diagnoses_keep_their_order(self):
        ctx = _Context()
        settle(ctx, DiagnoseAll((Diagnose("LS401", "a", "x"), Diagnose("LS401", "b", "y"))))
        self.assertEqual([node for node, _, _ in ctx.reported], ["a", "b"])

    def test_leave_does_nothing(self):
        ctx = _Context()
        self.assertIsNone(settle(ctx, Leave("not this pattern")))
        self.assertEqual(ctx.reported, [])

    def test_anything_else_is_a_bug(self):
        for stray in (None, {"block": 1}, ("node", "LS501", "why")):
            with self.assertRaises(TypeError):
                settle(_Context(), stray)


if __name__ == "__main__":
    unittest.main()
