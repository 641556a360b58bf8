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

    def test_what_a_plain_aexit_returns_is_awaited_by_async_with(self):
        found, *_ = closing("class C:\n    async def release(self):\n        pass\n"
                            "    async def other(self):\n        pass\n"
                            "    def __aexit__(self, *exc):\n        return self.release()\n"
                            "    def __aenter__(self):\n        return self.other()\n")
        self.assertIn("awaited from __aexit__()", found["release"])
        self.assertIsNone(found["other"])

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


def _calls(tree):
    return {n.func.value: n for n in tree.nodes if isinstance(n, cst.Call) and isinstance(n.func, cst.Name)}


class AfterSwallowing(unittest.TestCase):
    """W5: a statement that may swallow the GeneratorExit of closing and complete lets the coroutine go on."""

    def why_of(self, source):
        module = cst.parse_module(source)
        tree = TreeIndex(module)
        code = ClosingCode(tree, None)
        function = next(n for n in tree.nodes if isinstance(n, cst.FunctionDef))
        return {name: code.why(call, function) for name, call in _calls(tree).items()}

    def test_rest_of_the_coroutine_and_the_loops_around_a_completing_catch_all(self):
        found = self.why_of("async def beat():\n    a()\n    while True:\n        b()\n        try:\n"
                            "            c()\n        except:\n            log()\n            break\n"
                            "        d()\n    for x in y():\n        e()\n    def later():\n        f()\n")
        self.assertIsNone(found["a"])
        self.assertIn("a try: with a handler that may catch GeneratorExit", found["b"])  # the next iteration
        self.assertIsNotNone(found["c"])
        self.assertIn("a handler that catches GeneratorExit", found["log"])
        self.assertIsNotNone(found["d"])
        self.assertIsNotNone(found["y"])
        self.assertIsNotNone(found["e"])

    def test_handlers_that_end_in_raise_or_return_or_do_not_catch_it(self):
        for handler in ("except BaseException:\n        log()\n        raise",
                        "except GeneratorExit: return",
                        "except (ValueError, aiohttp.ClientError, socket.error):\n        pass",
                        "except Exception:\n        pass"):
            found = self.why_of("async def f():\n    a()\n    try:\n        b()\n    %s\n    c()\n" % handler)
            self.assertEqual([found["a"], found["c"]], [None, None], handler)

    def test_a_finally_that_leaves_drops_the_exception(self):
        # `finally: break` (or continue, return) drops the GeneratorExit in flight (probe round 15, B w7).
        for leave in ("break", "continue", "return"):
            found = self.why_of("async def f():\n    while True:\n        try:\n            a()\n"
                                "        finally:\n            %s\n    c()\n" % leave)
            self.assertIsNotNone(found["c"], leave)
        found = self.why_of("async def f():\n    try:\n        a()\n    finally:\n        done()\n    c()\n")
        self.assertIsNone(found["c"])

    def test_names_that_may_hold_a_tuple(self):
        for kind in ("RETRYABLE", "errors.retryable", "(OSError, kinds)", "Base", "kinds()", "errors[0]"):
            found = self.why_of("Base = BaseException\nasync def f():\n    try:\n        a()\n"
                                "    except %s:\n        pass\n    c()\n" % kind)
            self.assertIsNotNone(found["c"], kind)

    def test_suppress(self):
        for kind, after in (("contextlib.suppress(BaseException)", True), ("suppress(ValueError, GeneratorExit)", True),
                            ("suppress(*kinds)", True), ("suppress(ERRORS)", True), ("suppress(ValueError)", False),
                            ("suppress()", False), ("open(p)", False)):
            found = self.why_of("async def poll():\n    a()\n    with %s:\n        b()\n    c()\n" % kind)
            self.assertEqual(found["c"] is not None, after, kind)
            self.assertIsNone(found["a"], kind)
            self.assertIsNone(found["b"], kind)  # inside the with: before the GeneratorExit is thrown
        found = self.why_of("async def poll():\n    cm = suppress(BaseException)\n    with cm:\n        b()\n    c()\n")
        self.assertIsNotNone(found["b"])  # from the call on: the `with` is later
        self.assertIn("suppress()", found["c"])

    def test_names_awaited_after_it_are_closing_code(self):
        found, *_ = closing("async def close_conn():\n    pass\nasync def read():\n    pass\n"
                            "async def listen(c):\n    while True:\n        await read()\n        try:\n"
                            "            await c.wait()\n        except BaseException:\n            break\n"
                            "    await close_conn()\n")
        self.assertIn("after a try:", found["close_conn"])
        self.assertIn("of listen()", found["read"])  # the loop's next iteration


class Aliases(unittest.TestCase):
    """W6: `close = aclose` in a class body (or at module level): awaiting close() runs aclose's body."""

    def test_class_body_alias_of_a_name_awaited_from_a_finally(self):
        found, *_ = closing("class Conn:\n    async def aclose(self):\n        await self._flush()\n"
                            "    async def _flush(self):\n        pass\n    close = aclose\n"
                            "    async def query(self):\n        pass\n"
                            "async def listen(conn):\n    try:\n        await conn.query()\n    finally:\n"
                            "        await conn.close()\n")
        self.assertIn("aclose() is bound to the name close, and close() is awaited from a finally:", found["aclose"])
        self.assertIn("awaited from aclose()", found["_flush"])
        self.assertIsNone(found["query"])

    def test_aexit_alias_module_level_alias_and_facts(self):
        found, *_ = closing("class C:\n    async def _exit(self, *exc):\n        pass\n    __aexit__ = _exit\n"
                            "async def _close():\n    pass\nshutdown = _close\n"
                            "async def f():\n    x = g\n")
        self.assertIn("bound to the name __aexit__", found["_exit"])
        self.assertIsNone(found["_close"])
        found, *_ = closing("async def _close():\n    pass\nshutdown = _close\n", {"closingAwaited": {"shutdown": "app"}})
        self.assertIn("closing code of module app", found["_close"])


class CalleeName(unittest.TestCase):
    def test_terminal_names(self):
        self.assertEqual(callee_name(cst.parse_expression("self._pool.release(c)")), "release")
        self.assertEqual(callee_name(cst.parse_expression("close_conn('x')")), "close_conn")
        self.assertIsNone(callee_name(cst.parse_expression("fs[0]()")))
        self.assertIsNone(callee_name(cst.parse_expression("coro")))


class ExitStacks(unittest.TestCase):
    """What an AsyncExitStack runs from its __aexit__ (closing_code.handed_to_exit_stack)."""

    def test_callbacks_exits_and_entered_managers_are_closing_code(self):
        from loopshift_support.closing_code import handed_to_exit_stack
        calls = [node for node in cst.parse_module(
            "stack.push_async_callback(lease._release, 1)\nstack.push_async_exit(on_exit)\n"
            "stack.enter_async_context(pool.connect(timeout=1))\nstack.push_async_callback(*cbs)\n"
            "stack.enter_async_context(cm)\nstack.callback(plain)\n").body]
        found = [handed_to_exit_stack(line.body[0].value) for line in calls]
        self.assertEqual(found, ["_release", "on_exit", "connect", None, None, None])

    def test_why_names_the_stack(self):
        source = ("class Lease:\n    async def _release(self):\n        pass\n"
                  "async def other():\n    pass\n"
                  "async def hold():\n    async with AsyncExitStack() as stack:\n"
                  "        stack.push_async_callback(Lease()._release)\n        await other()\n")
        why, *_ = closing(source)
        self.assertIn("AsyncExitStack", why["_release"])
        self.assertIsNone(why["other"])



if __name__ == "__main__":
    unittest.main()
