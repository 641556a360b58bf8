"""The loop handed to the coroutine it runs (loopshift_support/handed_loop.py, docs/SEMANTICS.md P3d):
which shapes it accepts, and the edits of the coroutine function and of its call.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.handed_loop import edited_function, handed_run  # noqa: E402
from loopshift_support.arg_removal import remove_arg  # noqa: E402
from loopshift_support.loop_lifecycle import Lifecycle  # noqa: E402


def _handed(source, script_only=False):
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 9), module)
    if script_only:
        ctx.project = {"scriptOnly": True}
    lc = Lifecycle.of(ctx, module)
    site = next(s for s in lc.sites_of("asyncio.get_event_loop", "asyncio.new_event_loop") if s.call is not None)
    return handed_run(ctx, lc, site)


def _entry(params, call, body="    return 1\n", after=""):
    return ("import asyncio\n\n\nasync def _go(%s):\n%s\n\nif __name__ == '__main__':\n"
            "    loop = asyncio.get_event_loop()\n    loop.run_until_complete(%s)\n%s" % (params, body, call, after))


def _code(node):
    return cst.Module([]).code_for_node(node).lstrip("\n")  # without the blank lines before a def


class Shapes(unittest.TestCase):
    def test_positional_and_keyword_fill_the_same_parameter(self):
        for call, index in (("_go(1, loop)", 1), ("_go(1, loop=loop)", 1), ("_go(loop, 1)", 0)):
            params = "loop, n" if call == "_go(loop, 1)" else "n, loop"
            handed = _handed(_entry(params, call))
            self.assertIsNotNone(handed, call)
            self.assertEqual((handed.arg_index, handed.param.name.value, handed.needs_loop), (index, "loop", False))

    def test_a_parameter_still_read_needs_the_running_loop(self):
        handed = _handed(_entry("loop", "_go(loop)", "    return loop.time()\n"))
        self.assertTrue(handed.needs_loop)
        self.assertIs(handed.scopes[0], handed.function)

    def test_declined(self):
        cases = {
            "public": _entry("loop", "_go(loop)").replace("_go", "go"),
            "another load": _entry("loop", "_go(loop)", after="    print(_go)\n"),
            "read, then code after the run": _entry("loop", "_go(loop)", "    return loop\n", "    print(1)\n"),
            "read, and the value used": _entry("loop", "_go(loop)", "    return loop\n").replace(
                "loop.run_until_complete(_go(loop))", "print(loop.run_until_complete(_go(loop)))"),
            "stopped somewhere": _entry("loop", "_go(loop)", "    return 1\n\n\ndef f(x):\n    x.stop()\n"),
            "stop handed on": _entry("loop", "_go(loop)", "    return 1\n\n\ndef f(x):\n    return x.stop\n"),
            "keyword-only": _entry("*, loop", "_go(loop=loop)"),
            "default not None": _entry("loop=0", "_go(loop)"),
            "rebound": _entry("loop", "_go(loop)", "    loop = None\n"),
        }
        for why, source in cases.items():
            self.assertIsNone(_handed(source), why)

    def test_public_in_a_script_only_file(self):
        self.assertIsNotNone(_handed(_entry("loop", "go(loop)").replace("_go", "go"), script_only=True))

    def test_nothing_after_through_an_else_branch(self):
        source = _entry("loop", "_go(loop)", "    return loop\n").replace(
            "if __name__ == '__main__':\n", "if __name__ == '__main__':\n    if False:\n        pass\n    else:\n") \
            .replace("\n    loop = asyncio", "\n        loop = asyncio").replace("\n    loop.run", "\n        loop.run")
        self.assertIsNotNone(_handed(source))
        self.assertIsNone(_handed(source + "print('after')\n"))


class Edits(unittest.TestCase):
    def _function(self, params, call, body="    return 1\n"):
        handed = _handed(_entry(params, call, body))
        return _code(edited_function(handed, cst.parse_expression("asyncio.get_running_loop"))), \
            _code(remove_arg(handed.call, handed.arg_index))

    def test_parameter_lists(self):
        self.assertEqual(self._function("loop", "_go(loop)")[0].splitlines()[0], "async def _go():")
        self.assertEqual(self._function("loop, n", "_go(loop, 1)"), ("async def _go(n):\n    return 1\n", "_go(1)"))
        self.assertEqual(self._function("n, loop", "_go(1, loop)"), ("async def _go(n):\n    return 1\n", "_go(1)"))
        self.assertEqual(self._function("n, loop, *rest", "_go(1, loop)")[0].splitlines()[0],
                         "async def _go(n, *rest):")
        self.assertEqual(self._function("\n    n,\n    loop,\n", "_go(1, loop)")[0].splitlines()[:3],
                         ["async def _go(", "    n,", "):"])

    def test_the_running_loop_comes_after_the_docstring(self):
        text, _ = self._function("loop", "_go(loop)", '    """Doc."""\n    return loop\n')
        self.assertEqual(text, 'async def _go():\n    """Doc."""\n    loop = asyncio.get_running_loop()\n'
                               '    return loop\n')


if __name__ == "__main__":
    unittest.main()
