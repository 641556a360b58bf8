"""Removing one argument from a call (loopshift_support/arg_removal.py): commas and layout fixed, and no
removal where a comment would be lost or moved onto another argument.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.arg_removal import DropArgs, remove_arg  # noqa: E402
from loopshift_support.walk import TreeIndex, transform_along_paths  # noqa: E402


def without_loop(text):
    """The call's text without its loop= argument, or None when remove_arg declines."""
    call = cst.parse_expression(text)
    index = next(i for i, arg in enumerate(call.args) if arg.keyword is not None and arg.keyword.value == "loop")
    new = remove_arg(call, index)
    return None if new is None else cst.Module([]).code_for_node(new)


class RemoveArg(unittest.TestCase):
    def test_layouts(self):
        for text, expected in (
                ("sleep(loop=l)", "sleep()"),
                ("sleep( loop=l )", "sleep()"),
                ("sleep(1, loop=l)", "sleep(1)"),
                ("sleep(loop=l, result=2)", "sleep(result=2)"),
                ("sleep(1, loop=l, result=2)", "sleep(1, result=2)"),
                ("sleep(1, loop=l,)", "sleep(1,)"),
                ("sleep(\n    1,\n    loop=l,\n)", "sleep(\n    1,\n)"),
                ("sleep(\n    1,\n    loop=l\n)", "sleep(\n    1\n)")):
            self.assertEqual(without_loop(text), expected, text)

    def test_comments_decline(self):
        for text in ("sleep(\n    1,\n    loop=l,  # the loop\n)",
                     "sleep(\n    1,\n    # the loop\n    loop=l,\n)",
                     "sleep(  # why\n    loop=l\n)",
                     "sleep(\n    1  # one\n    , loop=l\n)"):
            self.assertIsNone(without_loop(text), text)

    def test_a_comment_ending_the_line_before_stays(self):
        self.assertEqual(without_loop("sleep(\n    1,  # one\n    loop=l,\n)"), "sleep(\n    1,  # one\n)")

    def test_nested_calls_compose(self):
        module = cst.parse_module("wait_for(sleep(1, loop=l), 2, loop=l)\n")
        calls = [node for node in TreeIndex(module).nodes if isinstance(node, cst.Call)]
        plan = {id(calls[0]): 2, id(calls[1]): 1}
        self.assertEqual(transform_along_paths(module, DropArgs(plan), plan).code, "wait_for(sleep(1), 2)\n")


if __name__ == "__main__":
    unittest.main()
