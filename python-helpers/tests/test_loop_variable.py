"""The one loop-variable model (loopshift_support/loop_variable.py) that runner, close_loop and, through
Lifecycle, asyncio_run and explicit_loop read: what each load of the variable does and where it is.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_variable import LoopVariable, assigned_name, finally_closes  # noqa: E402

SOURCE = """\
import asyncio

def main(other):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(work())
        other.add(loop.call_soon)
        stamp, text = loop.time, repr(loop)
        other.use(loop=loop)
    finally:
        loop.close()
    return lambda: loop.stop()
"""


def _variable(source=SOURCE):
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 9), module)
    analysis = ctx.analysis(module, ("new_event_loop", "loop"))
    creation = next(s for s in analysis.sites if s.terminal == "new_event_loop" and s.call is not None)
    tree = ctx.tree(module)
    name = assigned_name(lambda node: tree.parent.get(id(node)), creation.call)
    return LoopVariable(analysis, tree, name, creation.frame.node), creation


class Uses(unittest.TestCase):
    def test_every_load_is_classified_once_in_source_order(self):
        variable, _ = _variable()
        kinds = [(use.kind, use.attr) for use in variable.uses]
        self.assertEqual(kinds, [("argument", None), ("method", "run_until_complete"),
                                 ("bound-method-arg", "call_soon"), ("attribute", "time"), ("argument", None),
                                 ("argument", None), ("method", "close"), ("method", "stop")])
        self.assertEqual(len(variable.runs()), 1)

    def test_a_call_that_is_a_whole_line_has_it(self):
        variable, _ = _variable()
        set_use, close = variable.uses[0], variable.uses[6]
        self.assertIsNotNone(set_use.line)
        self.assertIsNotNone(close.line)
        self.assertIsNone(variable.uses[4].line)  # repr(loop) is not the whole line
        self.assertTrue(variable.uses[5].keyword)  # other.use(loop=loop)

    def test_statements_of_the_creation_block(self):
        variable, creation = _variable()
        assign, line, block = variable.creation(creation.call)
        self.assertIs(line.body[0], assign)
        self.assertEqual(variable.index(creation.call, block), 0)
        self.assertEqual(variable.index(variable.uses[1].site.expr, block), 2)  # inside the try
        self.assertTrue(finally_closes(block.body[2], "loop"))
        lam = variable.uses[-1].site
        self.assertIsNot(lam.frame.node, creation.frame.node)  # the lambda's load: another frame, same variable
        self.assertEqual(variable.index(lam.expr, block), 3)

    def test_only_a_plain_name_target_is_a_loop_variable(self):
        source = "import asyncio\nself.loop = asyncio.new_event_loop()\n"
        module = cst.parse_module(source)
        ctx = FileContext("<test>", source, (3, 9), module)
        tree = ctx.tree(module)
        call = next(s.call for s in ctx.analysis(module, ("new_event_loop",)).sites if s.call is not None)
        self.assertIsNone(assigned_name(lambda node: tree.parent.get(id(node)), call))


if __name__ == "__main__":
    unittest.main()
