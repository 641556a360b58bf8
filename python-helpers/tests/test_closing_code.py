"""Code that also runs when a coroutine is closed (loopshift_support/closing_code.py, docs/SEMANTICS.md P1,
"Closing code"): finally: blocks and GeneratorExit handlers, __aexit__ bodies, and the coroutines awaited
from them, transitively, in the file and from the driver's project facts.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.closing_code import ClosingCode, callee_name, runs_when_closed  # noqa: E402
from loopshift_support.walk import TreeIndex  # noqa: E402


def closing(source, project=None):
    """{function name: why its body is closing code, or None}, and the ClosingCode."""
    module = cst.parse_module(source)
    tree = TreeIndex(module)
    code = ClosingCode(tree, project)
    functions = [node for node in tree.nodes if isinstance(node, cst.FunctionDef)]
    return {f.name.value: code.why_name.get(f.name.value) for f in functions}, code, tree, functions


class Regions(unittest.TestCase):
    def test_finally_and_catch_all_handlers_but_not_others(self):
        source = ("async def f():\n"
                  "    try:\n        a()\n"
                  "    except ValueError:\n        b()\n"
                  "    except (OSError, GeneratorExit):\n        c()\n"
                  "    finally:\n        d()\n")
        module = cst.parse_module(source)
        tree = TreeIndex(module)
        function = module.body[0]
        calls = {n.func.value: n for n in tree.nodes if isinstance(n, cst.Call)}
        self.assertEqual([name for name in "abcd" if runs_when_closed(tree.parent, calls[name], function)], ["c", "d"])
        why = ClosingCode(tree, None).why(calls["d"], function)
        self.assertIn("finally:", why)
        self.assertIsNone(ClosingCode(tree, None).why(calls["a"], function))


class Awaited(unittest.TestCase):
    def test_aexit_bodies_are_closing_code(self):
        found, *_ = closing("class C:\n    async def __aexit__(self, *exc):\n        pass\n"
                            "    async def __aenter__(self):\n        return self\n")
        self.assertIn("async with", found["__aexit__"])
        self.assertIsNone(found["__aenter__"])

    def test_awaited_from_a_finally_transitively(self):
        found, *_ = closing(
            "async def close_conn(c):\n    await c.flush()\n"
            "async def flush():\n    await _drain()\n"
            "async def _drain():\n    pass\n"
            "async def poller(c):\n    try:\n        await c.read()\n    finally:\n        await close_conn(c)\n"
            "async def read():\n    pass\n")
        self.assertEqual(found["close_conn"], "close_conn() is awaited from a finally: block of poller()")
        self.assertIn("awaited from close_conn(), and close_conn() is awaited from a finally:", found["flush"])
        self.assertIn("awaited from flush()", found["_drain"])
        self.assertIsNone(found["read"])
        self.assertIsNone(found["poller"])

    def test_what_aexit_awaits_and_async_with_or_for_in_closing_code(self):
        found, *_ = closing(
            "class Pool:\n"
            "    async def __aexit__(self, *exc):\n        await self.release()\n"
            "    async def release(self):\n        pass\n"
            "    async def __aenter__(self):\n        return self\n"
            "    async def __anext__(self):\n        return 1\n"
            "async def rows():\n    yield 1\n"
            "async def user():\n    try:\n        pass\n    except BaseException:\n"
            "        async for r in rows():\n            pass\n        raise\n")
        self.assertIn("awaited from __aexit__()", found["release"])
        self.assertIsNotNone(found["__anext__"])
        self.assertIn("handler that catches GeneratorExit of user()", found["rows"])
        self.assertIsNone(found["__aenter__"])  # no `async with` in closing code

    def test_an_async_with_in_closing_code_runs_aenter(self):
        found, *_ = closing("class L:\n    async def __aenter__(self):\n        return self\n"
                            "async def f(lock):\n    try:\n        pass\n    finally:\n        async with lock.hold():\n"
                            "            pass\n")
        self.assertIsNotNone(found["__aenter__"])

    def test_yield_from_in_a_generator_based_coroutine(self):
        found, *_ = closing("import asyncio\n@asyncio.coroutine\ndef old():\n    try:\n        yield\n"
                            "    finally:\n        yield from stop()\n"
                            "@asyncio.coroutine\ndef stop():\n    yield\n")
        self.assertIn("awaited from a finally: block of old()", found["stop"])

    def test_aclosing_awaits_aclose(self):
        found, *_ = closing("from contextlib import aclosing\nclass R:\n    async def aclose(self):\n        pass\n")
        self.assertIn("aclosing", found["aclose"])
        found, *_ = closing("class R:\n    async def aclose(self):\n        pass\n")
        self.assertIsNone(found["aclose"])

    def test_awaited_from_another_modules_closing_code(self):
        source = "async def close():\n    await self._flush()\nasync def _flush():\n    pass\nasync def open():\n    pass\n"
        found, *_ = closing(source, {"closingAwaited": {"close": "app"}})
        self.assertIn("closing code of module app", found["close"])
        self.assertIn("awaited from close()", found["_flush"])
        self.assertIsNone(found["open"])
        # Without the facts (stdin) only the file's own closing code is known.
        found, *_ = closing(source, None)
        self.assertIsNone(found["close"])

    def test_why_is_about_the_coroutine_whose_body_holds_the_node(self):
        found, code, tree, functions = closing("async def close():\n    x()\n"
                                               "async def main():\n    try:\n        pass\n    finally:\n"
                                               "        await close()\n")
        call = next(n for n in tree.nodes if isinstance(n, cst.Call) and callee_name(n) == "x")
        self.assertIn("finally: block of main()", code.why(call, functions[0]))


class CalleeName(unittest.TestCase):
    def test_terminal_names(self):
        self.assertEqual(callee_name(cst.parse_expression("self._pool.release(c)")), "release")
        self.assertEqual(callee_name(cst.parse_expression("close_conn('x')")), "close_conn")
        self.assertIsNone(callee_name(cst.parse_expression("fs[0]()")))
        self.assertIsNone(callee_name(cst.parse_expression("coro")))


if __name__ == "__main__":
    unittest.main()
