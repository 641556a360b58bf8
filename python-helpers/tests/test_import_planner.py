"""The file's import planner (loopshift_support/import_plan.py, `ctx.imports`): what a transform needs
imported is resolved against what the file binds, and applied once, keeping comments and layout.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402


def _context(source):
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 9), module)
    ctx.begin("test", module)
    return ctx, module, ctx.analysis(module, ("get_event_loop", "run"))


def _first_call_func(analysis, name):
    return next(site for site in analysis.sites if site.call is not None
                and isinstance(site.expr, cst.Name) and site.expr.value == name)


class ImportPlanner(unittest.TestCase):
    def _plan(self, source, plan):
        ctx, module, analysis = _context(source)
        result = plan(ctx, module, analysis)
        return result, ctx.end(module).code

    def test_adds_a_name_to_an_existing_from_import(self):
        def plan(ctx, module, analysis):
            site = _first_call_func(analysis, "get_event_loop")
            return ctx.imports.reach(analysis, "asyncio", "run", site.expr, site.frame.scopes())
        expr, code = self._plan("from asyncio import get_event_loop, sleep\nget_event_loop()\n", plan)
        self.assertEqual(expr.value, "run")
        self.assertEqual(code, "from asyncio import get_event_loop, run, sleep\nget_event_loop()\n")

    def test_reuses_what_the_file_already_binds(self):
        def plan(ctx, module, analysis):
            site = _first_call_func(analysis, "get_event_loop")
            return ctx.imports.reach(analysis, "asyncio", "run", site.expr, site.frame.scopes())
        source = "import asyncio as aio\nfrom asyncio import get_event_loop\nget_event_loop()\n"
        expr, code = self._plan(source, plan)
        self.assertEqual(cst.Module(body=[]).code_for_node(expr), "aio.run")
        self.assertEqual(code, source)

    def test_adds_import_asyncio(self):
        def plan(ctx, module, analysis):
            return ctx.imports.reach_module(analysis, "asyncio", [module])
        expr, code = self._plan('"""Doc."""\nimport os\n\nos.getcwd()\n', plan)
        self.assertEqual(expr.value, "asyncio")
        self.assertEqual(code, '"""Doc."""\nimport os\nimport asyncio\n\nos.getcwd()\n')

    def test_new_import_lines_take_the_place_of_a_last_import_that_goes(self):
        # The anchor of new `import M` lines may be the import a transform drops (it used to crash LibCST).
        def plan(ctx, module, analysis):
            site = _first_call_func(analysis, "get_event_loop")
            ctx.imports.unused(analysis, site.expr)
            return ctx.imports.reach_module(analysis, "atexit", [module])
        source = '"""Doc."""\nimport asyncio\n# the getter\nfrom asyncio import get_event_loop\n\nget_event_loop()\n'
        expr, code = self._plan(source, plan)
        self.assertEqual(expr.value, "atexit")
        # (the transform replaces the call itself; here only the imports are planned)
        self.assertEqual(code, '"""Doc."""\nimport asyncio\n# the getter\nimport atexit\n\nget_event_loop()\n')
        # Without a comment, and as the only import (the lines then go before the first statement).
        expr, code = self._plan('from asyncio import get_event_loop\nget_event_loop()\n', plan)
        self.assertEqual(code, 'import atexit\nget_event_loop()\n')

    def test_a_commented_import_keeps_its_comment_and_gets_a_line_of_its_own(self):
        def plan(ctx, module, analysis):
            site = _first_call_func(analysis, "get_event_loop")
            return ctx.imports.reach(analysis, "asyncio", "run", site.expr, site.frame.scopes())
        source = "from asyncio import (\n    get_event_loop,  # the old way\n)\nget_event_loop()\n"
        _, code = self._plan(source, plan)
        self.assertEqual(code, "from asyncio import (\n    get_event_loop,  # the old way\n)\n"
                               "from asyncio import run\nget_event_loop()\n")

    def test_drops_a_name_no_longer_used(self):
        def plan(ctx, module, analysis):
            ctx.imports.unused(analysis, _first_call_func(analysis, "get_event_loop").expr)
        _, code = self._plan("from asyncio import get_event_loop, sleep\nget_event_loop()\n", plan)
        self.assertEqual(code, "from asyncio import sleep\nget_event_loop()\n")

    def test_keeps_a_name_still_used(self):
        def plan(ctx, module, analysis):
            ctx.imports.unused(analysis, _first_call_func(analysis, "get_event_loop").expr)
        source = "from asyncio import get_event_loop, sleep\nget_event_loop()\nget_event_loop()\n"
        _, code = self._plan(source, plan)
        self.assertEqual(code, source)

    def test_replaces_a_dropped_name_by_the_added_one(self):
        def plan(ctx, module, analysis):
            site = _first_call_func(analysis, "get_event_loop")
            ctx.imports.unused(analysis, site.expr)
            return ctx.imports.reach(analysis, "asyncio", "run", site.expr, site.frame.scopes())
        _, code = self._plan("from asyncio import get_event_loop\nget_event_loop()\n", plan)
        self.assertEqual(code, "from asyncio import run\nget_event_loop()\n")

    def test_a_snapshot_undoes_a_declined_request(self):
        def plan(ctx, module, analysis):
            site = _first_call_func(analysis, "get_event_loop")
            snapshot = ctx.imports.snapshot()
            ctx.imports.reach(analysis, "asyncio", "run", site.expr, site.frame.scopes())
            ctx.imports.restore(snapshot)
        source = "from asyncio import get_event_loop\nget_event_loop()\n"
        self.assertEqual(self._plan(source, plan)[1], source)


if __name__ == "__main__":
    unittest.main()
