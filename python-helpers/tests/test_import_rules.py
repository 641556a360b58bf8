"""The import planner's rule sets (loopshift_support/import_rules.py): get_running_loop and loop_factory
edit in place (IN_PLACE), runner puts what a list cannot take on a line of its own (OWN_LINE). Each test
pins one rule where the sets differ, so that making them agree is a visible decision.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.import_rules import IN_PLACE, OWN_LINE, PLANNED  # noqa: E402
from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import handle_request  # noqa: E402

_TRANSFORMS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "transforms")


def _plan(source, rules, plan, names=("get_event_loop", "new_event_loop", "uvloop")):
    """(what `plan` returned, the module's text once the planned imports are applied)."""
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 11), module)
    ctx.begin("test", module)
    ctx.imports.follow(rules)
    analysis = ctx.analysis(module, names)
    result = plan(ctx.imports, analysis)
    return result, ctx.end(module).code


def _site(analysis, name):
    return next(s for s in analysis.sites if s.call is not None and s.terminal == name)


def _rename(imports, analysis):
    """get_running_loop's request: the call's name becomes get_running_loop, the old name may go."""
    site = _site(analysis, "get_event_loop")
    name = imports.reach(analysis, "asyncio", "get_running_loop", site.expr, site.frame.scopes())
    if name is not None:
        imports.unused(analysis, site.expr)
    return name


def _runner(imports, analysis):
    """runner's request: Runner beside the loop's creation, whose name the rewrite drops."""
    site = _site(analysis, "get_event_loop")
    imports.unused(analysis, site.expr)
    return imports.reach(analysis, "asyncio", "Runner", site.expr, site.frame.scopes())


def _code(expr):
    return cst.Module(body=[]).code_for_node(expr)


class InPlace(unittest.TestCase):
    def test_a_sibling_joins_the_submodule_the_old_name_came_from(self):
        source = "from asyncio.events import get_event_loop\nget_event_loop()\nget_event_loop\n"
        _, code = _plan(source, IN_PLACE, _rename)
        self.assertEqual(code, "from asyncio.events import get_event_loop, get_running_loop\n"
                               "get_event_loop()\nget_event_loop\n")

    def test_a_commented_list_has_the_dropped_name_replaced_in_place(self):
        source = "from asyncio import (\n    get_event_loop,  # c\n)\nget_event_loop()\n"
        _, code = _plan(source, IN_PLACE, _rename)
        self.assertEqual(code, "from asyncio import (\n    get_running_loop,  # c\n)\nget_event_loop()\n")

    def test_a_commented_list_whose_name_stays_is_followed_by_a_line(self):
        source = "from asyncio.events import (get_event_loop,  # c\n    )\nget_event_loop()\nget_event_loop\n"
        _, code = _plan(source, IN_PLACE, _rename)
        self.assertEqual(code, "from asyncio.events import (get_event_loop,  # c\n    )\n"
                               "from asyncio.events import get_running_loop\nget_event_loop()\nget_event_loop\n")

    def test_a_trailing_comment_keeps_every_name(self):
        source = "from asyncio import get_event_loop, get_running_loop  # noqa\nget_event_loop()\n"
        expr, code = _plan(source, IN_PLACE, _rename)
        self.assertEqual((_code(expr), code), ("get_running_loop", source))

    def test_a_shared_line_loses_just_the_import(self):
        source = "from asyncio import get_running_loop\nfrom asyncio import get_event_loop; x = 1\nget_event_loop()\n"
        _, code = _plan(source, IN_PLACE, _rename)
        self.assertEqual(code, "from asyncio import get_running_loop\nx = 1\nget_event_loop()\n")

    def test_a_name_bound_elsewhere_to_something_else_is_not_imported(self):
        source = "from asyncio import get_event_loop\ndef get_running_loop(): pass\nget_event_loop()\n"
        expr, code = _plan(source, IN_PLACE, _rename)
        self.assertEqual((expr, code), (None, source))

    def test_names_counted_by_spelling_need_the_import_as_their_only_binding(self):
        def drop(imports, analysis):
            imports.unused(analysis, "uvloop")
        self.assertEqual(_plan("import uvloop\nuvloop\n", IN_PLACE, drop)[1], "uvloop\n")
        source = "import uvloop\nuvloop\ndef f(uvloop): pass\n"
        self.assertEqual(_plan(source, IN_PLACE, drop)[1], source)


class OwnLine(unittest.TestCase):
    def test_the_module_is_preferred_to_the_bare_name(self):
        source = "import asyncio\nfrom asyncio import Runner, get_event_loop\nget_event_loop()\n"
        expr, code = _plan(source, OWN_LINE, _runner)
        self.assertEqual(_code(expr), "asyncio.Runner")
        self.assertEqual(code, "import asyncio\nfrom asyncio import Runner\nget_event_loop()\n")

    def test_a_comment_above_the_line_gets_the_name_a_line_of_its_own(self):
        source = "import os\n# asyncio\nfrom asyncio import get_event_loop, sleep\nget_event_loop()\n"
        _, code = _plan(source, OWN_LINE, _runner)
        self.assertEqual(code, "import os\n# asyncio\nfrom asyncio import get_event_loop, sleep\n"
                               "from asyncio import Runner\nget_event_loop()\n")

    def test_another_module_gets_a_line_and_keeps_its_name(self):
        source = "from asyncio.events import get_event_loop\nget_event_loop()\n"
        _, code = _plan(source, OWN_LINE, _runner)
        self.assertEqual(code, "from asyncio.events import get_event_loop\nfrom asyncio import Runner\n"
                               "get_event_loop()\n")

    def test_only_a_module_level_import_takes_the_name(self):
        def reach(imports, analysis):
            site = _site(analysis, "get_event_loop")
            return imports.reach(analysis, "asyncio", "Runner", site.expr, site.frame.scopes())
        source = "def main():\n    from asyncio import get_event_loop\n    get_event_loop()\n"
        expr, code = _plan(source, OWN_LINE, reach)
        self.assertEqual((expr, code), (None, source))
        expr, code = _plan(source, PLANNED, reach)
        self.assertEqual(code, source.replace("get_event_loop\n", "get_event_loop, Runner\n"))

    def test_a_removed_line_takes_its_blank_lines(self):
        def drop(imports, analysis):
            imports.unused(analysis, _site(analysis, "new_event_loop").expr)
        source = "import os\n\nfrom asyncio import new_event_loop\nnew_event_loop()\n"
        self.assertEqual(_plan(source, OWN_LINE, drop)[1], "import os\nnew_event_loop()\n")
        self.assertEqual(_plan(source, PLANNED, drop)[1], "import os\n\nnew_event_loop()\n")

    def test_a_shared_line_keeps_its_last_name(self):
        def drop(imports, analysis):
            imports.unused(analysis, _site(analysis, "set_event_loop").expr)
            imports.unused(analysis, _site(analysis, "new_event_loop").expr)
        source = "from asyncio import new_event_loop, set_event_loop; import os\nset_event_loop(new_event_loop())\n"
        names = ("new_event_loop", "set_event_loop")
        self.assertEqual(_plan(source, OWN_LINE, drop, names)[1],
                         "from asyncio import new_event_loop; import os\nset_event_loop(new_event_loop())\n")
        self.assertEqual(_plan(source, PLANNED, drop, names)[1], source)
        self.assertEqual(_plan(source, IN_PLACE, drop, names)[1], "import os\nset_event_loop(new_event_loop())\n")


class RunnerImportsAfterTheRewrite(unittest.TestCase):
    def test_a_function_level_import_dropped_inside_the_rewritten_block(self):
        # The import edits once shared the block rebuild's pass, which shifted its statement indices.
        source = ("import asyncio\n\n\nasync def work(n):\n    return n\n\n\ndef main():\n"
                  "    from asyncio import set_event_loop\n    loop = asyncio.new_event_loop()\n"
                  "    set_event_loop(loop)\n    a = loop.run_until_complete(work(1))\n"
                  "    b = loop.run_until_complete(work(2))\n    loop.close()\n    print(a, b)\n\n\n"
                  "if __name__ == \"__main__\":\n    main()\n")
        answer = handle_request({"id": 1, "source": source, "transforms": ["runner"], "options": {"target": "3.11"}},
                                load_transforms([_TRANSFORMS]))
        self.assertEqual(answer["source"], source.replace(
            "    from asyncio import set_event_loop\n    loop = asyncio.new_event_loop()\n    set_event_loop(loop)\n"
            "    a = loop.run_until_complete(work(1))\n    b = loop.run_until_complete(work(2))\n    loop.close()\n",
            "    with asyncio.Runner() as runner:\n        a = runner.run(work(1))\n        b = runner.run(work(2))\n"))


if __name__ == "__main__":
    unittest.main()
