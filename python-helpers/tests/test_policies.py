"""The policy statement before an entry-point asyncio.run() (loopshift_support/policies.py,
docs/SEMANTICS.md P9), as loop_factory reads it: where the run sits, the policy set before it, which
runs and lines the rewrite can carry, and the names the file already has for the loop factory.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.policies import (NAMES, Reliance, entry_statement, name_for, plain_run,  # noqa: E402
                                        policy_before, reliance, whole_statement)


def _run(source):
    """(module, analysis, parents, the asyncio.run site) for the source's one asyncio.run() call."""
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 12), module)
    analysis = ctx.analysis(module, NAMES)
    site = next(s for s in analysis.sites if s.call is not None
                and analysis.resolve(s.expr, s.frame.scopes()) == "asyncio.run")
    return module, analysis, ctx.tree(module).parent, site


class EntryStatement(unittest.TestCase):
    def test_a_run_in_the_main_guard_and_the_policy_before_it(self):
        module, analysis, parents, site = _run(
            "import asyncio, uvloop\n"
            'if __name__ == "__main__":\n'
            "    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())\n"
            "    x = 1\n"
            "    asyncio.run(main())\n")
        body, anchor, line = entry_statement(site, parents, analysis)
        self.assertEqual(anchor, 2)
        self.assertIs(body[anchor], line)
        policy, between = policy_before(body[:anchor], analysis, site.frame.scopes(), module)
        self.assertEqual(policy.known, ("uvloop", "new_event_loop"))
        self.assertFalse(between)  # `x = 1` is inert

    def test_a_run_in_a_try_body_counts_from_the_try(self):
        module, analysis, parents, site = _run(
            "import asyncio\n"
            'if __name__ == "__main__":\n'
            "    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())\n"
            "    try:\n"
            "        asyncio.run(main())\n"
            "    except KeyError:\n"
            "        pass\n")
        body, anchor, line = entry_statement(site, parents, analysis)
        self.assertIsInstance(body[anchor], cst.Try)
        self.assertIs(line.body[0].value, site.call)

    def test_a_run_in_a_loop_or_importable_code_is_no_entry_statement(self):
        for source in ("import asyncio\n"
                       'if __name__ == "__main__":\n'
                       "    for _ in range(2):\n"
                       "        asyncio.run(main())\n",
                       "import asyncio\nasyncio.run(main())\n"):
            module, analysis, parents, site = _run(source)
            self.assertIsNone(entry_statement(site, parents, analysis))

    def test_a_call_between_the_policy_and_the_run(self):
        module, analysis, parents, site = _run(
            "import asyncio\n"
            'if __name__ == "__main__":\n'
            "    asyncio.set_event_loop_policy(MyPolicy())\n"
            "    setup()\n"
            "    asyncio.run(main())\n")
        body, anchor, _ = entry_statement(site, parents, analysis)
        policy, between = policy_before(body[:anchor], analysis, site.frame.scopes(), module)
        self.assertIsNone(policy.known)  # not a policy known to only choose the loop class
        self.assertTrue(between)
        self.assertEqual(policy_before(body[1:anchor], analysis, site.frame.scopes(), module), (None, True))


class RunShape(unittest.TestCase):
    def test_plain_runs(self):
        for text, plain in (("asyncio.run(main())", True), ("asyncio.run(main(), debug=True)", True),
                            ("asyncio.run(coro=main())", False), ("asyncio.run(*args)", False),
                            ("asyncio.run(main(), loop_factory=f)", False), ("asyncio.run()", False)):
            self.assertEqual(plain_run(cst.parse_expression(text)), plain, text)

    def test_whole_statements(self):
        for text, whole in (("asyncio.run(main())", True), ("a = b = asyncio.run(main())", True),
                            ("x.y = asyncio.run(main())", False), ("print(asyncio.run(main()))", False),
                            ("asyncio.run(main()); done()", False)):
            line = cst.parse_statement(text)
            call = next(node for node in _calls(line) if cst.Module([]).code_for_node(node.func) == "asyncio.run")
            self.assertEqual(whole_statement(line, call), whole, text)


class NameFor(unittest.TestCase):
    def test_the_module_or_the_imported_name_without_adding_an_import(self):
        module, analysis, _, site = _run("import asyncio as aio\nfrom uvloop import new_event_loop\naio.run(m())\n")
        scopes = site.frame.scopes()
        self.assertEqual(name_for(analysis, scopes, "asyncio", "Runner"), "aio.Runner")
        self.assertEqual(name_for(analysis, scopes, "uvloop", "new_event_loop"), "new_event_loop")
        self.assertIsNone(name_for(analysis, scopes, "winloop", "new_event_loop"))


class Reliances(unittest.TestCase):
    def _first(self, body):
        module, analysis, _, site = _run("import asyncio\n" + body + "asyncio.run(main())\n")
        return reliance(analysis, {id(site.expr)})

    def test_what_needs_the_policy_or_the_current_loop(self):
        self.assertIsNone(self._first(""))
        self.assertEqual(self._first("import threading\n"), Reliance("policy", "this file uses threading"))
        self.assertEqual(self._first("asyncio.new_event_loop()\n"),
                         Reliance("policy", "this file also uses asyncio.new_event_loop"))
        self.assertEqual(self._first("asyncio.ensure_future(f())\n"),
                         Reliance("current loop", "asyncio.ensure_future() outside a coroutine"))
        self.assertIsNone(self._first("async def g():\n    asyncio.ensure_future(f())\n"))


def _calls(node):
    if isinstance(node, cst.Call):
        yield node
    for child in node.children:
        yield from _calls(child)


if __name__ == "__main__":
    unittest.main()
