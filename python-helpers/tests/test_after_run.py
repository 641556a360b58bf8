"""Code after the run (loopshift_support/after_run.py, docs/SEMANTICS.md P3a condition 4): what counts as inert,
so that asyncio.run() closing the loop the old code left open cannot change it. Probe round 8: star arguments,
extend()/update(), print(file=...), format specs (W01, W05, W11); every operator's special method and special
methods bound without a def (W02, W12).

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.after_run import inert_calls, loop_handed_on, not_inert, values_plain  # noqa: E402
from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_lifecycle import Lifecycle  # noqa: E402
from loopshift_support.walk import TreeIndex  # noqa: E402

# Module state the statements below use: a list and dicts of this file, a stream object, a function that reads
# the loop a coroutine stored (W11), and an inert one.
HEADER = ("import asyncio\nimport sys\nfrom sys import stderr, stdout\n\nLINES = []\nSEEN = {}\nSTATE = {}\nWIDTH = 8\n"
          "out = object()\n\n\ndef width():\n    return 3 if STATE['loop'].is_closed() else 12\n\n\n"
          "def label(n):\n    return '%d lines' % n\n\n\n")


def after(statement):
    """not_inert() for `statement`, the last line of a module whose other lines are HEADER, as the helper asks
    it for a main guard's code (module scope, the file's inert callees)."""
    source = HEADER + statement + "\n"
    module = cst.parse_module(source)
    lc = Lifecycle.of(FileContext("<test>", source, (3, 9), module), module)
    return not_inert(lc.analysis, (module,), module.body[-1], calls=inert_calls(source, None))


class StarArguments(unittest.TestCase):
    def test_unpacking_iterates_a_value_the_run_may_have_returned(self):
        self.assertEqual(after("print(*lines)"), "print(*lines)")
        self.assertIsNotNone(after("print(*[1, 2])"))  # any star argument, even of plain data
        self.assertIsNotNone(after("print(**options)"))
        self.assertIsNone(after("print(lines)"))
        self.assertIsNone(after("print(len(lines), 'lines')"))


class ContainerMethods(unittest.TestCase):
    def test_extend_and_update_iterate_their_argument(self):
        self.assertIsNotNone(after("LINES.extend(result)"))
        self.assertIsNotNone(after("SEEN.update(result)"))
        # Storing the value itself runs none of its code.
        self.assertIsNone(after("LINES.append(result)"))
        self.assertIsNone(after("SEEN.setdefault('key', result)"))


class PrintToAFile(unittest.TestCase):
    def test_a_file_of_the_program_has_a_write_of_its_own(self):
        self.assertIsNotNone(after("print('result', result, file=out)"))
        self.assertIsNotNone(after("print('result', file=open('log.txt', 'a'))"))

    def test_the_standard_streams_by_name_are_plain(self):
        self.assertIsNone(after("print('result', result, file=stderr)"))
        self.assertIsNone(after("print('result', result, file=stdout)"))
        self.assertIsNone(after("print('result', result, sep=', ')"))

    def test_the_standard_streams_as_attributes_are_plain(self):
        self.assertIsNone(after("print('result', result, file=sys.stderr)"))
        self.assertIsNone(after("print('result', result, file=sys.stdout)"))


class FormatSpecs(unittest.TestCase):
    def test_the_expressions_of_a_format_spec_are_checked_too(self):
        self.assertIsNotNone(after('print(f"[{status:>{width()}}]")'))
        self.assertIsNotNone(after('print(f"[{status:{WIDTH}.{width()}}]")'))
        self.assertIsNone(after('print(f"[{status:>{WIDTH}}]")'))
        self.assertIsNone(after('print(f"[{status:>{len(label(2))}}]")'))  # an inert function of this file
        self.assertIsNone(after('print(f"[{status:>8}]")'))
        self.assertIsNone(after('print(f"[{status!r}]")'))


def bound(source):
    return values_plain(TreeIndex(cst.parse_module(source)), None)


class SpecialMethods(unittest.TestCase):
    def test_every_operator(self):
        for name in ("__or__", "__ror__", "__and__", "__xor__", "__lshift__", "__rshift__", "__pow__", "__matmul__",
                     "__neg__", "__pos__", "__invert__", "__abs__", "__round__", "__bytes__", "__rtruediv__"):
            found = bound("class Stats:\n    def %s(self, *args):\n        return self\n" % name)
            self.assertIn(name, found or "", name)

    def test_bound_without_a_def(self):
        self.assertIn("binds __str__", bound("class Reply:\n    def _describe(self):\n        return 'r'\n\n    __str__ = _describe\n"))
        self.assertIn("__repr__", bound("Reply = type('Reply', (), {'__repr__': _show})\n"))
        self.assertIn("__repr__", bound('Reply = type("Reply", (), {"__repr__": _show})\n'))

    def test_other_names_and_strings(self):
        self.assertIsNone(bound("class Reply:\n    def describe(self):\n        return 'r'\n\n    text = describe\n"))
        self.assertIsNone(bound("NAME = '__main__'\nDOC = 'the __repr__ of a value'\n"))
        self.assertIsNone(bound("def __init__(self):\n    pass\n"))

    def test_imported_modules(self):
        found = values_plain(TreeIndex(cst.parse_module("x = 1\n")), {"importedEffects": {"dunders": "lib.stats"}})
        self.assertIn("lib.stats", found)


class LoopKept(unittest.TestCase):
    """A coroutine that hands on the run's loop: printing it after the run tells whether the run closed it (probe
    round 8b residue, cases 16, 17, 34)."""

    def test_not_a_special_method(self):
        self.assertIsNone(bound("import asyncio\n\nasync def main():\n    return asyncio.get_running_loop()\n"))

    def test_returned_yielded_or_stored(self):
        self.assertIn("get_running_loop()", kept("import asyncio\n\nasync def main():\n    return asyncio.get_running_loop()\n"))
        self.assertIn("loop", kept("import asyncio\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    return loop\n"))
        self.assertIn("loop", kept("import asyncio\nKEPT = []\n\nasync def main():\n    loop = asyncio.get_running_loop()\n    KEPT.append(loop)\n"))
        self.assertIn("loop", kept("import asyncio\n\nasync def main():\n    global LOOP\n    LOOP = asyncio.get_running_loop()\n"))
        self.assertIn("_loop", kept("class Client:\n    def handle(self):\n        return self._loop\n"))
        self.assertIn("loop", kept("import asyncio\n\nasync def main():\n    keep(asyncio.get_running_loop())\n"))

    def test_used_in_place(self):
        self.assertIsNone(kept("import asyncio\n\nasync def main():\n    loop = asyncio.get_running_loop()\n"
                                "    fut = loop.create_future()\n    loop.call_soon(fut.set_result, 1)\n    return await fut\n"))
        self.assertIsNone(kept("import asyncio\n\nasync def main():\n    return asyncio.get_running_loop().time()\n"))
        self.assertIsNone(kept("import asyncio\n\nasync def main(q):\n    await asyncio.wait_for(q.get(), 1, loop=asyncio.get_running_loop())\n"))
        self.assertIsNone(kept("class Client:\n    def __init__(self, loop=None):\n        self.t = 1\n"))

    def test_looked_at_or_handed_to_a_loop_parameter(self):
        self.assertIsNone(kept("import asyncio\n\nasync def main(w):\n    print(type(asyncio.get_running_loop()).__name__)\n"
                               "    return w.get_loop() is asyncio.get_running_loop()\n"))
        self.assertIsNone(kept("async def tick(loop, log):\n    log.append(loop.time())\n\n"
                               "async def go(loop):\n    await tick(loop, [])\n    await tick(log=[], loop=loop)\n"))
        self.assertIn("loop", kept("async def tick(log, loop):\n    pass\n\nasync def go(loop):\n    await tick(loop, [])\n"))
        self.assertIn("loop", kept("async def tick(loop):\n    return loop\n\nasync def go(loop):\n    await tick(loop)\n"))

    def test_handed_on_through_keywords_and_bound_methods(self):
        # Probe round 9 (B1, B2): a `loop=` keyword of anything but asyncio's functions or this file's `loop`
        # parameter keeps it; so does a bound method taken as a value, or getattr().
        for body in ("return dict(loop=asyncio.get_running_loop())",
                     "return types.SimpleNamespace(loop=asyncio.get_running_loop())",
                     "return remember(loop=asyncio.get_running_loop())",
                     "return {'clock': asyncio.get_running_loop().time}",
                     "return getattr(asyncio.get_running_loop(), 'time')"):
            source = "import asyncio\n\ndef remember(**state):\n    return state\n\nasync def main():\n    %s\n" % body
            self.assertIsNotNone(kept(source), body)
        self.assertIsNone(kept("from asyncio import sleep as nap\n\nasync def main():\n    loop = asyncio.get_running_loop()\n"
                               "    await nap(0, loop=loop)\n    return loop.time()\n"))
        self.assertIsNone(kept("import asyncio as aio\n\ndef tick(n, loop=None):\n    return loop.time()\n\n"
                               "async def main():\n    return tick(1, loop=aio.get_running_loop())\n"))

    def test_module_level_code_is_the_entry_patterns_own(self):
        self.assertIsNone(kept("import asyncio\nloop = asyncio.get_event_loop()\nprint(loop.run_until_complete(main()))\n"))

    def test_imported_modules(self):
        found = loop_handed_on(TreeIndex(cst.parse_module("x = 1\n")), {"importedEffects": {"loopKept": "lib.loops"}})
        self.assertIn("lib.loops", found)


def kept(source):
    return loop_handed_on(TreeIndex(cst.parse_module(source)), None)


if __name__ == "__main__":
    unittest.main()
