"""What a `loop=` argument is (loopshift_support/loop_args.py, docs/SEMANTICS.md P15): the rule tables,
where its call sits (awaited, argument of run_until_complete, the coroutine of a task of which loop), and
which attribute reads may run code of the file.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loop_arg_sources, which adds python-helpers

from loop_arg_sources import analysed, calls_with_loop  # noqa: E402
from loopshift_support import asyncio_api as api  # noqa: E402
from loopshift_support.loop_args import (AWAITED_IN_COROUTINE, LAZILY_BOUND, LOOPLESS_APIS, RUN_IN_LOOP,  # noqa: E402
                                         awaited_directly, loop_attribute_hooks, loop_keyword_index,
                                         loop_value_parts, rebinds, run_until_complete_receiver, task_loop,
                                         why_not_awaited)
from loopshift_support.walk import TreeIndex  # noqa: E402


class Tables(unittest.TestCase):
    def test_the_rule_tables_are_subsets_of_the_apis_that_lost_loop(self):
        for table in (AWAITED_IN_COROUTINE, RUN_IN_LOOP, LAZILY_BOUND):
            self.assertLessEqual(table, LOOPLESS_APIS)
        self.assertEqual(LAZILY_BOUND, api.PRIMITIVES)

    def test_servers_are_not_awaited_candidates_and_plain_functions_not_run_in_the_loop(self):
        self.assertFalse({"start_server", "start_unix_server", "as_completed"} & AWAITED_IN_COROUTINE)
        self.assertFalse({"gather", "shield", "as_completed"} & RUN_IN_LOOP)
        self.assertFalse(api.PRIMITIVES & (AWAITED_IN_COROUTINE | RUN_IN_LOOP))

    def test_why_rule_3_does_not_apply(self):
        self.assertIn("serves on that loop", why_not_awaited("start_server"))
        self.assertIn("binds to it when created", why_not_awaited("Lock"))
        self.assertEqual(why_not_awaited("as_completed"), "as_completed is not awaited")
        self.assertEqual(why_not_awaited("sleep"), "the call is not awaited right here")


class Positions(unittest.TestCase):
    def test_awaited_directly(self):
        _, parent_of, calls = calls_with_loop(
            "async def f():\n"
            "    await asyncio.sleep(1, loop=a)\n"
            "    x = await (asyncio.gather(loop=a))\n"
            "    return await asyncio.wait_for(asyncio.sleep(1, loop=a), 1, loop=a)\n"
            "    t = asyncio.ensure_future(asyncio.sleep(1, loop=a))\n"
            "def g():\n"
            "    yield from asyncio.sleep(1, loop=a)\n"
            "    yield asyncio.sleep(1, loop=a)\n")
        self.assertEqual([awaited_directly(c, parent_of) for c in calls],
                         [True, True, True, False, False, True, False])

    def test_run_until_complete_receiver(self):
        module, parent_of, calls = calls_with_loop(
            "loop.run_until_complete(asyncio.wait(t, loop=loop))\n"
            "self.loop.run_until_complete(asyncio.sleep(0, loop=x))\n"
            "loop.run_until_complete(future=asyncio.sleep(0, loop=loop))\n"
            "loop.run_until_complete(asyncio.sleep(0, loop=loop), extra)\n"
            "loop.run_forever(asyncio.sleep(0, loop=loop))\n"
            "loop.run_until_complete(*asyncio.sleep(0, loop=loop))\n")
        receivers = [run_until_complete_receiver(c, parent_of) for c in calls]
        self.assertEqual([None if r is None else module.code_for_node(r) for r in receivers],
                         ["loop", "self.loop", None, None, None, None])

    def test_task_loop_names_the_loop_whose_task_runs_the_coroutine(self):
        source = (
            "import asyncio\n"
            "from asyncio import ensure_future as ef\n"
            "loop.run_until_complete(asyncio.sleep(0, loop=a))\n"
            "self.loop.create_task(asyncio.sleep(0, loop=a), name='x')\n"
            "asyncio.ensure_future(asyncio.sleep(0, loop=a), loop=b)\n"
            "ef(asyncio.sleep(0, loop=a), loop=c)\n"
            "asyncio.Task(asyncio.sleep(0, loop=a), loop=d, name='t')\n"
            "asyncio.run_coroutine_threadsafe(asyncio.sleep(0, loop=a), e)\n"
            "asyncio.run_coroutine_threadsafe(asyncio.sleep(0, loop=a), loop=f)\n"
            "asyncio.create_task(asyncio.sleep(0, loop=a))\n"
            "asyncio.ensure_future(asyncio.sleep(0, loop=a))\n"
            "asyncio.Task(asyncio.sleep(0, loop=a))\n"
            "loop.create_task(asyncio.sleep(0, loop=a), other)\n"
            "loop.create_task(coro=asyncio.sleep(0, loop=a))\n"
            "asyncio.ensure_future(asyncio.sleep(0, loop=a), loop=b, extra=1)\n"
            "loop.run_until_complete(asyncio.sleep(0, loop=a), 1)\n")
        module, analysis, tree = analysed(source, {"sleep"})
        scopes = (module,)
        found = []
        for site in analysis.sites:
            if site.call is None:
                continue
            carrier = task_loop(site.call, lambda node: tree.parent.get(id(node)),
                                lambda expr: analysis.resolve(expr, scopes))
            found.append(None if carrier is None else (carrier[0], module.code_for_node(carrier[1])))
        self.assertEqual(found, [
            ("run_until_complete", "loop"), ("create_task", "self.loop"), ("ensure_future", "b"),
            ("ensure_future", "c"), ("Task", "d"), ("run_coroutine_threadsafe", "e"),
            ("run_coroutine_threadsafe", "f"), None, None, None, None, None, None, None])

    def test_loop_value_parts(self):
        def parts(text):
            return loop_value_parts(cst.parse_expression(text))
        self.assertEqual(parts("loop"), ["loop"])
        self.assertEqual(parts("self._conn._loop"), ["self", "_conn", "_loop"])
        for text in ("get_loop()", "self.loops[0]", "a or b", "self.get().loop", "(yield)"):
            self.assertIsNone(parts(text), text)

    def test_loop_keyword_index_and_walrus_rebinding(self):
        call = cst.parse_expression("asyncio.sleep(1, result=(loop := other), loop=loop)")
        self.assertEqual(loop_keyword_index(call), 2)
        self.assertIsNone(loop_keyword_index(cst.parse_expression("asyncio.sleep(1, loop)")))
        self.assertTrue(rebinds(call, "loop"))
        self.assertFalse(rebinds(call, "other"))


class AttributeHooks(unittest.TestCase):
    def test_properties_and_getattr(self):
        module = cst.parse_module(
            "class A:\n"
            "    @property\n    def loop(self): ...\n"
            "    @functools.cached_property\n    def other(self): ...\n"
            "    @loop.getter\n    def third(self): ...\n"
            "    @staticmethod\n    def plain(): ...\n"
            "    fourth = property(lambda self: 1)\n"
            "    def _loop(self): ...\n")
        self.assertEqual(loop_attribute_hooks(TreeIndex(module).nodes), {"loop", "other", "third", "fourth"})

    def test_getattr_makes_every_attribute_a_hook(self):
        module = cst.parse_module("class A:\n    def __getattr__(self, name): ...\n")
        self.assertEqual(loop_attribute_hooks(TreeIndex(module).nodes), {"*"})


if __name__ == "__main__":
    unittest.main()


class AwaitedThrough(unittest.TestCase):
    """P15 rule 3 one wrapper out: the coroutine of an awaited asyncio.wait_for() or gather()."""

    def wrappers(self, body):
        source = "import asyncio\nasync def f(x):\n" + body
        module, parent_of, calls = calls_with_loop(source)
        _, analysis, _ = analysed(source, {"wait_for", "gather", "shield"}, module)
        scopes = [module]
        from loopshift_support.loop_args import awaited_through
        return [awaited_through(c, parent_of, lambda e: analysis.resolve(e, scopes)) for c in calls
                if c.func.attr.value == "sleep"]

    def test_first_argument_of_wait_for_and_positional_arguments_of_gather(self):
        self.assertEqual(self.wrappers(
            "    await asyncio.wait_for(asyncio.sleep(1, loop=x), 1)\n"
            "    await asyncio.gather(asyncio.sleep(1, loop=x), return_exceptions=False)\n"
            "    await asyncio.gather(asyncio.wait_for(asyncio.sleep(1, loop=x), 1))\n"),
            ["asyncio.wait_for", "asyncio.gather", "asyncio.wait_for"])

    def test_not_through_a_gather_of_several_children(self):
        """gather raises the first failure and drops the rest: a child failing on another loop may go unseen
        (probe round 12, B p24)."""
        self.assertEqual(self.wrappers(
            "    await asyncio.gather(asyncio.sleep(1, loop=x), asyncio.sleep(2, loop=x), return_exceptions=False)\n"),
            [None, None])

    def test_not_through_other_wrappers_places_or_unawaited_calls(self):
        self.assertEqual(self.wrappers(
            "    await asyncio.gather(asyncio.sleep(1, loop=x), return_exceptions=True)\n"
            "    await asyncio.shield(asyncio.sleep(1, loop=x))\n"
            "    await asyncio.wait_for(1, asyncio.sleep(1, loop=x))\n"
            "    t = asyncio.wait_for(asyncio.sleep(1, loop=x), 1)\n"
            "    await asyncio.gather(*[asyncio.sleep(1, loop=x)])\n"
            "    await asyncio.gather(asyncio.sleep(1, loop=x), *rest)\n"
            "    await asyncio.wait_for(fut=asyncio.sleep(1, loop=x), timeout=1)\n"),
            [None] * 7)
