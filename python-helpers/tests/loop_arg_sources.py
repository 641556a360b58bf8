"""Small sources for the tests of drop_loop_arg's support code, parsed, indexed and analysed as the
transform sees them (not a test module itself: unittest discovers test*.py only)."""
import os
import sys

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.analysis import FileAnalysis  # noqa: E402
from loopshift_support.walk import TreeIndex  # noqa: E402


def has_loop_keyword(call) -> bool:
    return any(arg.keyword is not None and arg.keyword.value == "loop" for arg in call.args)


def calls_with_loop(source):
    """(module, parent lookup, [calls that have a loop= keyword], in source order)."""
    module = cst.parse_module(source)
    tree = TreeIndex(module)
    calls = [node for node in tree.nodes if isinstance(node, cst.Call) and has_loop_keyword(node)]
    return module, (lambda node: tree.parent.get(id(node))), calls


def analysed(source, names, module=None):
    """(module, FileAnalysis recording the sites of `names`, TreeIndex) for a source, parsed unless its
    module is given."""
    module = module if module is not None else cst.parse_module(source)
    return module, FileAnalysis.of(module, source, frozenset(names)), TreeIndex(module)


def loop_value(call):
    """The value of a call's loop= argument."""
    return next(arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == "loop")
