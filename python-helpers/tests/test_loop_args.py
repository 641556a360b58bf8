"""drop_loop_arg's support code (loopshift_support/loop_args.py, docs/SEMANTICS.md P15): where a call
sits (awaited, argument of run_until_complete), which handlers around it could observe a dropped
loop=, and which attribute reads may run code of the file.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support import asyncio_api as api  # noqa: E402
from loopshift_support.loop_args import (AWAITED_IN_COROUTINE, LAZILY_BOUND, LOOPLESS_APIS, RUN_IN_LOOP,  # noqa: E402
                                         awaited_directly, enclosing_function_names, enclosing_handler,
                                         guarded_callees, loop_attribute_hooks, loop_value_parts, may_catch,
                                         run_until_complete_receiver)
from loopshift_support.walk import TreeIndex  # noqa: E402


def calls_with_loop(source):
    """(module, parent lookup, [calls that have a loop= keyword], in source order)."""
    module = cst.parse_module(source)
    tree = TreeIndex(module)
    calls = [node for node in tree.nodes if isinstance(node, cst.Call)
             and any(arg.keyword is not None and arg.keyword.value == "loop" for arg in node.args)]
    return module, (lambda node: tree.parent.get(id(node))), calls


def handler_of(source):
    """The enclosing handler's first line of code (or None) for each loop= call in the source."""
    module, parent_of, calls = calls_with_loop(source)
    found = []
    for call in calls:
        node = enclosing_handler(call, parent_of)
        found.append(None if node is None else module.code_for_node(node).strip().splitlines()[0])
    return found


def type_of(handler_source):
    return cst.parse_statement("try:\n    pass\n%s:\n    pass\n" % handler_source).handlers[0].type


class Tables(unittest.TestCase):
    def test_the_rule_tables_are_subsets_of_the_apis_that_lost_loop(self):
        for table in (AWAITED_IN_COROUTINE, RUN_IN_LOOP, LAZILY_BOUND):
            self.assertLessEqual(table, LOOPLESS_APIS)
        self.assertEqual(LAZILY_BOUND, api.PRIMITIVES)

    def test_servers_are_not_awaited_candidates_and_plain_functions_not_run_in_the_loop(self):
        self.assertFalse({"start_server", "start_unix_server", "as_completed"} & AWAITED_IN_COROUTINE)
        self.assertFalse({"gather", "shield", "as_completed"} & RUN_IN_LOOP)
        self.assertFalse(api.PRIMITIVES & (AWAITED_IN_COROUTINE | RUN_IN_LOOP))


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

    def test_loop_value_parts(self):
        def parts(text):
            return loop_value_parts(cst.parse_expression(text))
        self.assertEqual(parts("loop"), ["loop"])
        self.assertEqual(parts("self._conn._loop"), ["self", "_conn", "_loop"])
        for text in ("get_loop()", "self.loops[0]", "a or b", "self.get().loop", "(yield)"):
            self.assertIsNone(parts(text), text)


class Handlers(unittest.TestCase):
    def test_handler_types_that_may_catch_what_loop_raises(self):
        for handler in ("except", "except Exception", "except BaseException", "except TypeError",
                        "except RuntimeError", "except ValueError", "except builtins.TypeError",
                        "except (KeyError, Exception)", "except DeprecationWarning", "except Warning",
                        "except RETRYABLE", "except errors", "except self.errors", "except get_errors()",
                        "except AttributeError", "except NameError"):
            self.assertTrue(may_catch(type_of(handler)), handler)

    def test_handler_types_that_cannot(self):
        for handler in ("except asyncio.TimeoutError", "except (asyncio.CancelledError, KeyError)",
                        "except OSError", "except ConnectionResetError", "except aiohttp.ClientError",
                        "except KeyboardInterrupt", "except SystemExit", "except StopIteration",
                        "except RuntimeWarning", "except MyException", "except NotImplementedError"):
            self.assertFalse(may_catch(type_of(handler)), handler)

    def test_try_body_only_and_same_function_only(self):
        source = (
            "def f():\n"
            "    try:\n"
            "        Lock(loop=a)\n"              # in the body: caught
            "    except TypeError:\n"
            "        Lock(loop=a)\n"              # in the handler: not by this try
            "    else:\n"
            "        Lock(loop=a)\n"
            "    finally:\n"
            "        Lock(loop=a)\n"
            "    try:\n"
            "        def g():\n"
            "            Lock(loop=a)\n"          # a nested def's body runs elsewhere
            "        h = lambda: Lock(loop=a)\n"  # so does a lambda's
            "        def k(x=Lock(loop=a)): pass\n"  # a default runs here
            "        class C:\n"
            "            x = Lock(loop=a)\n"      # a class body runs here
            "        y = [Lock(loop=a) for _ in z]\n"
            "    except Exception:\n"
            "        pass\n"
            "    try:\n"
            "        Lock(loop=a)\n"
            "    except KeyError:\n"
            "        pass\n")
        found = handler_of(source)
        self.assertEqual([f is not None for f in found],
                         [True, False, False, False, False, False, True, True, True, False])

    def test_with_statements(self):
        source = (
            "with self.assertRaises(TypeError):\n    Lock(loop=a)\n"
            "with pytest.raises(RuntimeError, match='x'):\n    Lock(loop=a)\n"
            "with contextlib.suppress(KeyError, Exception):\n    Lock(loop=a)\n"
            "with self.assertWarns(DeprecationWarning):\n    Lock(loop=a)\n"
            "with warnings.catch_warnings(record=True):\n    Lock(loop=a)\n"
            "with pytest.deprecated_call():\n    Lock(loop=a)\n"
            "with self.assertRaisesRegex(ValueError, 'different loop'):\n    Lock(loop=a)\n"
            "with pytest.raises(expected_exception=TypeError):\n    Lock(loop=a)\n"
            "with self.assertRaises(*errors):\n    Lock(loop=a)\n"
            "with self.assertRaises(asyncio.TimeoutError):\n    Lock(loop=a)\n"
            "with self.assertRaisesRegex(KeyError, 'x'):\n    Lock(loop=a)\n"
            "with self.assertWarns(RuntimeWarning):\n    Lock(loop=a)\n"
            "with contextlib.suppress(KeyError):\n    Lock(loop=a)\n"
            "with open(path) as f, lock:\n    Lock(loop=a)\n")
        self.assertEqual([f is not None for f in handler_of(source)],
                         [True] * 9 + [False] * 5)

    def test_try_star(self):
        source = "try:\n    Lock(loop=a)\nexcept* ValueError:\n    pass\n"
        self.assertEqual([f is not None for f in handler_of(source)], [True])


class Callers(unittest.TestCase):
    def test_functions_called_where_a_specific_handler_waits(self):
        module = cst.parse_module(
            "with self.assertWarns(DeprecationWarning):\n    loop.run_until_complete(waits())\n"
            "try:\n    server.start()\nexcept (KeyError, TypeError):\n    pass\n"
            "self.assertRaises(RuntimeError, self.passed, other())\n"
            "with pytest.raises(ValueError):\n    checked()\n"
            "with warnings.catch_warnings():\n    quiet()\n"
            "try:\n    general()\nexcept Exception:\n    pass\n"
            "with self.assertRaises(asyncio.TimeoutError):\n    timed()\n"
            "self.assertRaises(KeyError, narrow)\n"
            "try:\n    pass\nexcept TypeError:\n    in_handler()\n")
        self.assertEqual(guarded_callees(TreeIndex(module)),
                         {"run_until_complete", "waits", "start", "passed", "other", "checked", "quiet"})

    def test_enclosing_function_names(self):
        _, parent_of, calls = calls_with_loop(
            "class A:\n"
            "    def outer(self):\n"
            "        async def inner():\n"
            "            await asyncio.sleep(0, loop=a)\n"
            "        def other(x=Lock(loop=a)):\n"
            "            pass\n")
        self.assertEqual([enclosing_function_names(c, parent_of) for c in calls], [["inner", "outer"], ["outer"]])


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
