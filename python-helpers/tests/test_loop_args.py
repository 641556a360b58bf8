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
from loopshift_support.analysis import FileAnalysis  # noqa: E402
from loopshift_support.loop_args import (AWAITED_IN_COROUTINE, LAZILY_BOUND, LOOPLESS_APIS, RUN_IN_LOOP,  # noqa: E402
                                         RunningLoop, awaited_directly, enclosing_function_names, enclosing_handler,
                                         generator_note, guarded_callees, loop_attribute_hooks, loop_value_parts,
                                         may_catch, run_until_complete_receiver, task_loop)
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
        module = cst.parse_module(source)
        analysis = FileAnalysis.of(module, source, frozenset({"sleep"}))
        tree = TreeIndex(module)
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


def proofs_of(source, script_only=False):
    """(module, RunningLoop, {API call text: the site of its loop= call}) for a source, as drop_loop_arg builds them."""
    module = cst.parse_module(source)
    names = frozenset(LOOPLESS_APIS | {"get_running_loop", "get_event_loop"})
    analysis = FileAnalysis.of(module, source, names)
    tree = TreeIndex(module)
    defs = {node.name.value for node in tree.nodes if isinstance(node, cst.FunctionDef)}
    wide = FileAnalysis.of(module, source, names | defs)

    def callers(name):
        return [site for site in wide.sites if site.terminal == name]

    proofs = RunningLoop(module, analysis, tree, callers, script_only)
    sites = {}
    for site in analysis.sites:
        if site.call is not None and any(arg.keyword is not None and arg.keyword.value == "loop"
                                         for arg in site.call.args):
            sites.setdefault(module.code_for_node(site.call), site)
    return module, proofs, sites


def loop_value(site):
    return next(arg.value for arg in site.call.args if arg.keyword is not None and arg.keyword.value == "loop")


class RunningLoopProofs(unittest.TestCase):
    def reason(self, source, call, script_only=False):
        _, proofs, sites = proofs_of(source, script_only)
        site = sites[call]
        return proofs.value(site, loop_value(site))

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
        module = cst.parse_module(source)
        analysis = FileAnalysis.of(module, source, frozenset({"Queue"}))
        notes = [generator_note(analysis, site) for site in analysis.sites]
        self.assertIn("another decorator besides @asyncio.coroutine", notes[0])
        self.assertIn("generator with yield from that no @asyncio.coroutine", notes[1])
        self.assertEqual(notes[2:], [None, None, None])


if __name__ == "__main__":
    unittest.main()
