"""Suppression comments (suppressions.py): what a comment says, and which statement it covers.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.suppressions import (BLANKET, SuppressionIndex, code_prefix, comments_in,  # noqa: E402
                                            covers_code, covers_rewrite)
from loopshift_support.walk import TreeIndex  # noqa: E402


class Comments(unittest.TestCase):
    def test_forms(self):
        found = comments_in(
            "a = 1  # loopshift: ignore\n"
            "b = 2  # loopshift: ignore[ls801 , LS6, drop_loop_arg]\n"
            "c = 3  # noqa: E501, LS801\n"
            "d = 4  # noqa\n"
            "e = '# loopshift: ignore'\n"
            "f = 5  # LoopShift: Ignore[]\n")
        self.assertEqual(found, {1: {BLANKET}, 2: {"LS801", "LS6", "drop_loop_arg"}, 3: {"LS801"}, 6: {BLANKET}})

    def test_a_noqa_listing_our_code_after_others_alone(self):
        self.assertEqual(comments_in("x = 1  # noqa: E501, LS801\n"), {1: {"LS801"}})

    def test_nothing_to_do_without_the_words(self):
        self.assertEqual(comments_in("x = 1  # noqa: E501\n"), {})


class Coverage(unittest.TestCase):
    SOURCE = ("x = f(1,\n"
              "      2)  # loopshift: ignore[LS1]\n"
              "if a:  # noqa: LS801\n"
              "    y = g()\n")

    def test_statements(self):
        module = cst.parse_module(self.SOURCE)
        tree = TreeIndex(module)
        index = SuppressionIndex(module, self.SOURCE, lambda n: tree.parent.get(id(n)))
        call = module.body[0].body[0].value
        self.assertEqual(index.selectors_for(call), {"LS1"})                    # any line of a simple statement
        self.assertEqual(index.selectors_for(module.body[1].test), {"LS801"})  # a compound statement's header
        self.assertEqual(index.selectors_for(module.body[1].body.body[0]), set())  # not its body

    def test_what_covers_what(self):
        self.assertEqual(code_prefix(["LS101", "LS104"]), "LS10")
        self.assertTrue(covers_rewrite({"LS1"}, "get_running_loop", "LS10"))
        self.assertFalse(covers_rewrite({"LS101"}, "get_running_loop", "LS10"))  # one code: its diagnostic only
        self.assertTrue(covers_rewrite({"get_running_loop"}, "get_running_loop", "LS10"))
        self.assertTrue(covers_code({"LS8"}, "LS801", "loop_diagnostics"))
        self.assertFalse(covers_code({"LS6"}, "LS801", "loop_diagnostics"))


if __name__ == "__main__":
    unittest.main()
