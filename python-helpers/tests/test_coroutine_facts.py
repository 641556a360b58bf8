"""What one coroutine's own code shows (loopshift_support/coroutine_facts.py, docs/SEMANTICS.md P15 and
B5): its bindings, which statements always run before a use, what may suspend it between two points, and
the generators that only look like generator-based coroutines.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loop_arg_sources, which adds python-helpers

from loop_arg_sources import analysed, calls_with_loop, loop_value  # noqa: E402
from loopshift_support.coroutine_facts import (CoroutineFacts, generator_note, suspension_between,  # noqa: E402
                                               target_names)
from loopshift_support.walk import TreeIndex  # noqa: E402


def first_function(module):
    return next(node for node in module.body if isinstance(node, cst.FunctionDef))


class Bindings(unittest.TestCase):
    def test_own_scope_only(self):
        facts = CoroutineFacts(first_function(cst.parse_module(
            "async def f(a, *args, b=1, **kw):\n"
            "    x = 1\n"
            "    y: int = 2\n"
            "    x += 1\n"
            "    for i, (j, *k) in z: pass\n"
            "    with m as w: pass\n"
            "    import os.path, json as js\n"
            "    from asyncio import sleep as s\n"
            "    global g\n"
            "    def inner():\n"
            "        hidden = 1\n"
            "        nonlocal x\n"
            "    self.attr = 3\n")))
        self.assertEqual(facts.params, {"a", "args", "b", "kw"})
        self.assertEqual(sorted(facts.bindings), ["i", "inner", "j", "js", "k", "os", "s", "w", "x", "y"])
        self.assertEqual(len(facts.bindings["x"]), 2)
        self.assertEqual(facts.declared, {"g", "x"})
        self.assertEqual(list(facts.attribute_assignments), [("self", "attr")])
        self.assertFalse(facts.is_async_generator)

    def test_single_assignment_and_yields(self):
        facts = CoroutineFacts(first_function(cst.parse_module(
            "async def f():\n    loop = get()\n    a, b = 1, 2\n    yield loop\n")))
        statement, value = facts.single_assignment("loop")
        self.assertIsInstance(statement, cst.Assign)
        self.assertEqual(cst.Module([]).code_for_node(value), "get()")
        self.assertEqual(facts.single_assignment("a")[1], None)
        self.assertEqual(facts.single_assignment("missing"), (None, None))
        self.assertTrue(facts.is_async_generator)
        self.assertFalse(facts.yields_from)

    def test_target_names(self):
        self.assertEqual(target_names(cst.parse_expression("(a, [b, *c])")), ["a", "b", "c"])
        self.assertEqual(target_names(cst.parse_expression("a.b")), [])


class Order(unittest.TestCase):
    def dominated(self, source):
        """Whether `loop = ...` (the function's one assignment of loop) always runs before each loop= call."""
        module, parent_of, calls = calls_with_loop(source)
        facts = CoroutineFacts(first_function(module))
        statement = facts.single_assignment("loop")[0]
        return [facts.dominates(statement, call, parent_of) for call in calls]

    def test_dominates(self):
        self.assertEqual(self.dominated(
            "async def f(c):\n"
            "    Lock(loop=loop)\n"
            "    loop = get(); Lock(loop=loop)\n"
            "    Lock(loop=loop)\n"
            "    if c:\n"
            "        Lock(loop=loop)\n"
            "    x = [Lock(loop=loop) for _ in c]\n"), [False, True, True, True, True])
        self.assertEqual(self.dominated(
            "async def f(c):\n    if c:\n        loop = get()\n    Lock(loop=loop)\n"), [False])

    def test_suspension_between(self):
        module, _, calls = calls_with_loop(
            "async def f(c):\n"
            "    self.loop = get()\n"
            "    Lock(loop=self.loop)\n"
            "    await other()\n"
            "    Lock(loop=self.loop)\n"
            "    await Lock(loop=self.loop)\n"
            "    async for x in c:\n"
            "        pass\n"
            "    def later():\n"
            "        await x\n"
            "    Lock(loop=self.loop)\n"
            "    for n in c:\n"
            "        Lock(loop=self.loop)\n"
            "        await x\n")
        tree, function = TreeIndex(module), first_function(module)
        small = [line.body[0] for line in function.body.body if isinstance(line, cst.SimpleStatementLine)]
        reads = [loop_value(call) for call in calls]

        def between(statement, read):
            return suspension_between(tree, function, small[statement], reads[read])
        self.assertIsNone(between(0, 0))
        self.assertEqual(between(0, 1), "an await")
        self.assertIsNone(between(3, 2))  # the await around the read suspends after it
        self.assertEqual(between(4, 3), "an async for")  # not the await of a nested def
        self.assertEqual(between(5, 4), "an await")  # later in the loop that repeats the read


class GeneratorNote(unittest.TestCase):
    def test_generators_that_look_like_coroutines(self):
        source = (
            "import asyncio\nimport types\n"
            "def deco(f):\n    return f\n"
            "@deco\n@asyncio.coroutine\ndef two(loop):\n    asyncio.Queue(loop=loop)\n    yield from x\n"
            "def bare(loop):\n    asyncio.Queue(loop=loop)\n    yield from x\n"
            "def plain_generator(loop):\n    asyncio.Queue(loop=loop)\n    yield 1\n"
            "@types.coroutine\ndef not_a_generator(loop):\n    asyncio.Queue(loop=loop)\n"
            "@asyncio.coroutine\ndef proven(loop):\n    asyncio.Queue(loop=loop)\n    yield from x\n")
        _, analysis, tree = analysed(source, {"Queue"})
        notes = [generator_note(analysis, site) for site in analysis.sites]
        self.assertEqual([generator_note(analysis, site, tree) for site in analysis.sites], notes)
        self.assertIn("another decorator besides @asyncio.coroutine", notes[0])
        self.assertIn("generator with yield from that no @asyncio.coroutine", notes[1])
        self.assertEqual(notes[2:], [None, None, None])


if __name__ == "__main__":
    unittest.main()
