"""Where code around a call may catch what a `loop=` argument raises (loopshift_support/loop_arg_errors.py,
docs/SEMANTICS.md P15): handler types, try and with around the call in the code that runs with it, and the
functions the file calls where a handler naming those errors waits.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loop_arg_sources, which adds python-helpers

from loop_arg_sources import calls_with_loop  # noqa: E402
from loopshift_support.loop_arg_errors import (enclosing_function_names, enclosing_handler,  # noqa: E402
                                               guarded_callees, may_catch)
from loopshift_support.walk import TreeIndex  # noqa: E402


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


if __name__ == "__main__":
    unittest.main()
