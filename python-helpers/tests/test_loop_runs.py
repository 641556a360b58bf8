"""The runs of an entry-point loop (loopshift_support/loop_runs.py), as runner reads them: which loop
variables the entry code runs, and the span of statements one lives in (creation, set_event_loop,
runs, close) with the first use that fits none of it.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_runs import MANAGES_LOOPS, RunSpan, entry_loops, scope_block, uncertain_runs  # noqa: E402
from loopshift_support.loop_variable import LoopVariable  # noqa: E402

HEADER = "import asyncio\n\nasync def work(n):\n    return n\n\n"


def _span(body, guard=True):
    """(RunSpan of `loop`, its block, the analysis) for entry code `body` (lines of 4-space indented code)."""
    source = HEADER + ('if __name__ == "__main__":\n' if guard else "def main():\n") + body
    if not guard:
        source += 'if __name__ == "__main__":\n    main()\n'
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 11), module)
    analysis = ctx.analysis(module, frozenset({"run_until_complete", "loop"} | MANAGES_LOOPS))
    tree = ctx.tree(module)
    (own, name, runs), = entry_loops(analysis)
    variable = LoopVariable(analysis, tree, name, own)
    creation = next(s.call for s in analysis.sites if s.terminal == "new_event_loop" and s.call is not None)
    _, _, block = variable.creation(creation)
    first = runs[0]
    return RunSpan(analysis, variable, creation, block, first.frame.node, first.frame.scopes()), block, analysis, own


class EntryLoops(unittest.TestCase):
    def test_runs_are_grouped_by_the_variable_of_the_entry_scope(self):
        source = HEADER + (
            "def helper(loop):\n"
            "    loop.run_until_complete(work(0))\n"
            'if __name__ == "__main__":\n'
            "    loop = asyncio.new_event_loop()\n"
            "    other = asyncio.new_event_loop()\n"
            "    other.run_until_complete(work(1))\n"
            "    loop.run_until_complete(work(2))\n"
            "    other.run_until_complete(work(3))\n")
        module = cst.parse_module(source)
        analysis = FileContext("<test>", source, (3, 11), module).analysis(
            module, frozenset({"run_until_complete", "loop", "other"}))
        groups = entry_loops(analysis)
        self.assertEqual([(own is module, name, len(runs)) for own, name, runs in groups],
                         [(True, "other", 2), (True, "loop", 1)])  # helper's parameter is not an entry loop

    def test_the_scope_block_is_an_entry_block_or_the_function_body(self):
        _, block, analysis, own = _span("    loop = asyncio.new_event_loop()\n"
                                        "    loop.run_until_complete(work(1))\n")
        self.assertTrue(scope_block(analysis, own, block))
        self.assertFalse(scope_block(analysis, own, analysis.module))  # an importable module's top level
        _, block, analysis, own = _span("    loop = asyncio.new_event_loop()\n"
                                        "    loop.run_until_complete(work(1))\n", guard=False)
        self.assertIsInstance(own, cst.FunctionDef)
        self.assertTrue(scope_block(analysis, own, block))


class Span(unittest.TestCase):
    def test_set_event_loop_then_runs_in_a_try_that_closes(self):
        span, block, _, _ = _span("    loop = asyncio.new_event_loop()\n"
                                  "    asyncio.set_event_loop(loop)\n"
                                  "    try:\n"
                                  "        loop.run_until_complete(work(1))\n"
                                  "        loop.run_until_complete(work(2))\n"
                                  "    finally:\n"
                                  "        loop.close()\n"
                                  "    print('after')\n")
        self.assertEqual((span.c, span.start, span.end, span.form), (0, 2, 2, "try"))
        self.assertIsNotNone(span.set_call)
        self.assertEqual(len(span.runs), 2)
        self.assertIsNone(span.misfit)

    def test_without_a_close_the_span_runs_to_the_end_of_the_block(self):
        span, block, _, _ = _span("    loop = asyncio.new_event_loop()\n"
                                  "    loop.run_until_complete(work(1))\n"
                                  "    print('between')\n"
                                  "    loop.run_until_complete(work(2))\n", guard=False)
        self.assertEqual((span.start, span.end, span.form), (1, len(block.body), None))
        self.assertIsNone(span.set_call)
        self.assertEqual(len(span.runs), 2)

    def test_the_first_use_that_fits_no_span_is_the_misfit(self):
        """(the statement between two runs, (use kind, attr, statement index), runs before it)."""
        cases = (("    loop.close()\n", ("method", "run_until_complete", 3), 1),  # a run after the close
                 ("    loop.call_soon(print)\n", ("method", "call_soon", 2), 1),
                 ("    stop = lambda: loop.stop()\n", ("method", "stop", None), 1),  # another frame: no index
                 ("    print(loop)\n", ("argument", None, 2), 1))
        for between, misfit, runs in cases:
            span, _, _, _ = _span("    loop = asyncio.new_event_loop()\n"
                                  "    loop.run_until_complete(work(1))\n" + between
                                  + "    loop.run_until_complete(work(2))\n")
            self.assertEqual((span.misfit.kind, span.misfit.attr, span.misfit_index), misfit, between)
            self.assertEqual(len(span.runs), runs)


class RunArguments(unittest.TestCase):
    def test_only_a_call_of_this_files_async_def_or_of_asyncios_coroutines_is_certain(self):
        span, _, analysis, _ = _span("    loop = asyncio.new_event_loop()\n"
                                     "    loop.run_until_complete(work(1))\n"
                                     "    loop.run_until_complete(asyncio.sleep(1))\n"
                                     "    loop.run_until_complete(asyncio.wait_for(work(3), 5))\n"
                                     "    loop.run_until_complete(asyncio.wait_for(pending, 5))\n"
                                     "    loop.run_until_complete(asyncio.sleep(delay))\n"
                                     "    loop.run_until_complete(asyncio.gather(work(4)))\n"
                                     "    loop.run_until_complete(future=work(2))\n"
                                     "    loop.run_until_complete(pending)\n")
        found = [analysis.module.code_for_node(node) for node in uncertain_runs(analysis, span.runs)]
        self.assertEqual(found, ["asyncio.wait_for(pending, 5)", "asyncio.sleep(delay)", "asyncio.gather(work(4))",
                                 "loop.run_until_complete(future=work(2))", "pending"])


if __name__ == "__main__":
    unittest.main()
