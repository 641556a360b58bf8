"""What provably holds the running loop in a coroutine's body (loopshift_support/running_loop.py and
loop_from_callers.py, docs/SEMANTICS.md P15 rules 2, 6 and 7): parameters every caller fills, variables of
the scope that runs the coroutine, attributes set earlier in the same step; and what drop_loop_arg's
per-file view adds (loop_arg_file.py: handlers that may rely on loop=, properties, foreign runners).

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loop_arg_sources, which adds python-helpers

from loop_arg_sources import analysed, has_loop_keyword, loop_value  # noqa: E402
from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_arg_file import LoopArgFile  # noqa: E402
from loopshift_support.loop_args import LOOPLESS_APIS, loop_value_parts  # noqa: E402
from loopshift_support.loop_from_callers import private  # noqa: E402
from loopshift_support.running_loop import RunningLoop  # noqa: E402


def proofs_of(source, script_only=False):
    """(module, RunningLoop, {API call text: the site of its loop= call}) for a source, as drop_loop_arg builds them."""
    names = LOOPLESS_APIS | {"get_running_loop", "get_event_loop"}
    module, analysis, tree = analysed(source, names)
    defs = {node.name.value for node in tree.nodes if isinstance(node, cst.FunctionDef)}
    _, wide, _ = analysed(source, names | defs, module)

    def callers(name):
        return [site for site in wide.sites if site.terminal == name]

    proofs = RunningLoop(module, analysis, tree, callers, script_only)
    sites = {}
    for site in analysis.sites:
        if site.call is not None and has_loop_keyword(site.call):
            sites.setdefault(module.code_for_node(site.call), site)
    return module, proofs, sites


class RunningLoopProofs(unittest.TestCase):
    def reason(self, source, call, script_only=False):
        _, proofs, sites = proofs_of(source, script_only)
        site = sites[call]
        return proofs.value(site, loop_value(site.call))

    def test_parameter_filled_by_every_caller(self):
        source = (
            "import asyncio\n"
            "async def _main(loop):\n"
            "    await _child(loop)\n"
            "    return asyncio.Queue(loop=loop)\n"
            "async def _child(loop=None):\n"
            "    return asyncio.Event(loop=loop)\n"
            "async def _other():\n"
            "    await _child()\n"
            "    await _child(asyncio.get_running_loop())\n"
            "def run(loop):\n"
            "    loop.run_until_complete(_main(loop))\n"
            "    loop.create_task(_child(loop))\n"
            "    asyncio.ensure_future(_other(), loop=loop)\n")
        self.assertIsNone(self.reason(source, "asyncio.Queue(loop=loop)"))
        self.assertIsNone(self.reason(source, "asyncio.Event(loop=loop)"))

    def test_parameter_not_proven(self):
        cases = {
            "public": ("async def main(loop):\n    return asyncio.Queue(loop=loop)\n"
                       "def run(loop):\n    loop.run_until_complete(main(loop))\n", "is public"),
            "other loop": ("async def _main(loop):\n    return asyncio.Queue(loop=loop)\n"
                           "def run(loop, other):\n    loop.run_until_complete(_main(other))\n", "not run by the loop"),
            "callback": ("async def _main(loop):\n    return asyncio.Queue(loop=loop)\n"
                         "def run(loop):\n    loop.call_soon(_main, loop)\n", "without being called"),
            "reassigned": ("async def _main(loop):\n    loop = loop or asyncio.get_event_loop()\n"
                           "    return asyncio.Queue(loop=loop)\n"
                           "def run(loop):\n    loop.run_until_complete(_main(loop))\n", "reassigned"),
            "awaited with another": ("async def _main(loop):\n    return asyncio.Queue(loop=loop)\n"
                                     "async def _go(other):\n    await _main(other)\n"
                                     "def run(loop, x):\n    loop.run_until_complete(_go(x))\n",
                                     "not provably its own"),
            "string": ("async def _main(loop):\n    return asyncio.Queue(loop=loop)\n"
                       "def run(loop):\n    loop.run_until_complete(_main(loop))\nNAME = '_main'\n",
                       "named in a string"),
        }
        for label, (body, expected) in cases.items():
            why = self.reason("import asyncio\n" + body, "asyncio.Queue(loop=loop)")
            self.assertIsNotNone(why, label)
            self.assertIn(expected, why, label)

    def test_public_function_of_a_script_only_file(self):
        source = ("import asyncio\nasync def main(loop):\n    return asyncio.Queue(loop=loop)\n"
                  "loop = asyncio.new_event_loop()\nloop.run_until_complete(main(loop))\n")
        self.assertIn("is public", self.reason(source, "asyncio.Queue(loop=loop)"))
        self.assertIsNone(self.reason(source, "asyncio.Queue(loop=loop)", script_only=True))

    def test_free_variable_of_the_scope_that_runs_it(self):
        source = (
            "import asyncio\n"
            "def test(self):\n"
            "    loop = self.new_loop()\n"
            "    async def go():\n"
            "        return asyncio.Queue(loop=loop)\n"
            "    loop.run_until_complete(go())\n"
            "def scheduled(loop):\n"
            "    async def later():\n"
            "        return asyncio.Lock(loop=loop)\n"
            "    loop.create_task(later())\n"
            "def rebound(loops):\n"
            "    for loop in loops:\n"
            "        async def each():\n"
            "            return asyncio.Event(loop=loop)\n"
            "        loop.run_until_complete(each())\n")
        self.assertIsNone(self.reason(source, "asyncio.Queue(loop=loop)"))
        self.assertIn("not the one argument of loop.run_until_complete()",
                      self.reason(source, "asyncio.Lock(loop=loop)"))
        self.assertIn("a for, with, except or import binds it", self.reason(source, "asyncio.Event(loop=loop)"))

    def test_attribute_assigned_in_the_same_step(self):
        source = (
            "import asyncio\n"
            "class A:\n"
            "    def __init__(self):\n"
            "        self._loop = None\n"
            "    async def start(self, lock):\n"
            "        self._loop = asyncio.get_running_loop()\n"
            "        self.q = asyncio.Queue(loop=self._loop)\n"
            "        async with lock:\n"
            "            self.e = asyncio.Event(loop=self._loop)\n"
            "    async def again(self):\n"
            "        self._loop = asyncio.get_running_loop()\n"
            "        for n in range(3):\n"
            "            self.s = asyncio.Semaphore(n, loop=self._loop)\n"
            "            await asyncio.sleep(0)\n"
            "    async def other(self):\n"
            "        return asyncio.Lock(loop=self._loop)\n")
        self.assertIsNone(self.reason(source, "asyncio.Queue(loop=self._loop)"))
        self.assertIn("an async with", self.reason(source, "asyncio.Event(loop=self._loop)"))
        self.assertIn("an await", self.reason(source, "asyncio.Semaphore(n, loop=self._loop)"))
        self.assertIn("none always runs earlier", self.reason(source, "asyncio.Lock(loop=self._loop)"))

    def test_other_stores_of_the_attribute(self):
        base = ("import asyncio\nclass A:\n    async def start(self):\n"
                "        self._loop = asyncio.get_running_loop()\n"
                "        return asyncio.Queue(loop=self._loop)\n")
        for extra, expected in (("def f(o, l):\n    o._loop = l\n", "also assigned"),
                                ("def f(o):\n    setattr(o, '_loop', 1)\n", "setattr"),
                                ("def f(o, l):\n    o._loop, x = l, 1\n", "also assigned"),
                                ("def f(o):\n    del o._loop\n", "also assigned"),
                                ("def f(o):\n    o.__dict__.update(x=1)\n", "__dict__")):
            self.assertIn(expected, self.reason(base + extra, "asyncio.Queue(loop=self._loop)"), extra)
        self.assertIsNone(self.reason(base + "def f(o):\n    o._loop = asyncio.get_event_loop()\n    o._loop = None\n",
                                      "asyncio.Queue(loop=self._loop)"))

    def test_private_names(self):
        self.assertTrue(private("_main"))
        self.assertFalse(private("main"))
        self.assertFalse(private("__call__"))


class FileView(unittest.TestCase):
    """LoopArgFile: what the sites of one file share, built as drop_loop_arg builds it."""

    def file_of(self, source):
        module = cst.parse_module(source)
        ctx = FileContext("<test>", source, (3, 9), module)
        names = LOOPLESS_APIS | {"get_running_loop", "get_event_loop"}
        return LoopArgFile(module, ctx, ctx.analysis(module, names), names)

    def relied_on(self, source):
        """What relied_on says for each loop= call of an API, in source order."""
        env = self.file_of(source)
        found = []
        for site in env.analysis.sites:
            if site.call is not None and has_loop_keyword(site.call):
                value = loop_value(site.call)
                found.append(env.relied_on(site.call, loop_value_parts(value), module_text(value)))
        return found

    def test_handlers_callers_and_properties(self):
        found = self.relied_on(
            "import asyncio\n"
            "class A:\n"
            "    @property\n    def loop(self): ...\n"
            "    async def plain(self, loop):\n"
            "        await asyncio.sleep(0, loop=loop)\n"
            "    async def guarded(self, loop):\n"
            "        try:\n            await asyncio.sleep(0, loop=loop)\n        except TypeError:\n            pass\n"
            "    async def shimmed(self, loop):\n"
            "        await asyncio.sleep(0, loop=loop)\n"
            "    async def hooked(self):\n"
            "        await asyncio.sleep(0, loop=self.loop)\n"
            "def test(a):\n"
            "    with pytest.raises(DeprecationWarning):\n        a.shimmed(None)\n")
        self.assertIsNone(found[0])
        self.assertIn("a 'try' around the call", found[1])
        self.assertIn("'shimmed' is called in this file where a handler", found[2])
        self.assertIn("reading 'self.loop' may run a property", found[3])

    def test_foreign_runners_and_callers(self):
        self.assertTrue(self.file_of("import trio\nimport asyncio\n").foreign)
        self.assertTrue(self.file_of("import asyncio\ncoro.send(None)\n").foreign)
        env = self.file_of("import asyncio\nasync def _go(loop):\n    pass\nloop.run_until_complete(_go(loop))\n")
        self.assertFalse(env.foreign)
        self.assertEqual([site.terminal for site in env.callers("_go")], ["_go"])
        self.assertEqual(env.callers("other"), [])


def module_text(node):
    return cst.Module([]).code_for_node(node)


if __name__ == "__main__":
    unittest.main()
