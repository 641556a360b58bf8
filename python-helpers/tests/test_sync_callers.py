"""Sync functions whose every caller runs under the loop (loopshift_support/sync_callers.py,
docs/SEMANTICS.md P2a): the loads of the name in the file, the fixed point over sync callers, and what
the project facts say about other modules.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.analysis import FileAnalysis  # noqa: E402
from loopshift_support.sync_callers import SyncCallers, is_generator, outside_callers  # noqa: E402
from loopshift_support.walk import TreeIndex  # noqa: E402

# A private module nobody imports anything from but `main` (src/project-model.ts FileFacts).
NOT_TAKEN = {"scriptOnly": False, "importedWhole": False, "importedNames": ["main"], "namedInStrings": 0}


def reasons(source, project=NOT_TAKEN):
    """{module-level function name: None when proven, else why not}."""
    module = cst.parse_module(source)
    analysis = FileAnalysis.of(module, source, frozenset({"get_event_loop"}))
    callers = SyncCallers(module, analysis, lambda names: FileAnalysis.of(module, source, frozenset(names)),
                          TreeIndex(module), project)
    return {name: callers.why_not(defs[0]) for name, defs in analysis.module_functions.items()}


class OtherModules(unittest.TestCase):
    def test_private_and_not_taken(self):
        self.assertIsNone(outside_callers(NOT_TAKEN, "_helper"))

    def test_public_names_even_in_a_script_only_file(self):
        self.assertIn("public", outside_callers(NOT_TAKEN, "helper"))
        self.assertIn("public", outside_callers({"scriptOnly": True}, "helper"))
        self.assertIn("public", outside_callers(NOT_TAKEN, "__dunder__"))

    def test_script_only_needs_no_import_facts(self):
        self.assertIsNone(outside_callers({"scriptOnly": True}, "_helper"))

    def test_what_other_modules_take(self):
        self.assertIn("module object", outside_callers(dict(NOT_TAKEN, importedWhole=True), "_helper"))
        self.assertIn("imports _helper", outside_callers(dict(NOT_TAKEN, importedNames=["_helper"]), "_helper"))
        self.assertIn("string", outside_callers(dict(NOT_TAKEN, namedInStrings=1), "_helper"))

    def test_callers_in_other_modules(self):
        # Every importer calls it from coroutine bodies (src/coroutine-calls.ts): those calls count as rule 2's.
        facts = dict(NOT_TAKEN, importedNames=["_helper"], calledFromCoroutines=["_helper"])
        self.assertIsNone(outside_callers(facts, "_helper"))
        self.assertIn("attribute", outside_callers(dict(facts, readAsAttributes=["_helper"]), "_helper"))
        found = reasons("import asyncio\ndef _helper(): return asyncio.get_event_loop()\n", facts)
        self.assertIsNone(found["_helper"])  # called only elsewhere, from coroutines: proven
        self.assertIsNotNone(reasons("import asyncio\ndef _helper(): return asyncio.get_event_loop()\n")["_helper"])

    def test_mangled_names_are_not_private(self):
        # In a class C, `__g()` calls `_C__g` (probe round 15, A m03, m04).
        self.assertIn("public", outside_callers(NOT_TAKEN, "_C__g"))

    def test_without_the_facts_nothing_is_proven(self):
        self.assertIn("no project facts", outside_callers(None, "_helper"))
        old_driver = {"scriptOnly": False, "isImported": True}
        self.assertIn("did not say", outside_callers(old_driver, "_helper"))


class Loads(unittest.TestCase):
    def test_non_ascii_identifiers_leave_the_file_unproven(self):
        # Python reads `_\U0001d41f` as `_f` (NFKC): a sync call under another spelling (probe round 15, A m01).
        found = reasons("import asyncio\ndef _f(): return asyncio.get_event_loop()\n"
                        "async def go(): _f()\ndef sync(): return _\U0001d41f()\n")
        self.assertIn("non-ASCII", found["_f"])


    def test_coroutine_calls_chains_and_callbacks(self):
        found = reasons(
            "import asyncio\n"
            "def _a(): return asyncio.get_event_loop()\n"
            "def _b(): return _a()\n"
            "def _c(x): pass\n"
            "def _d(): pass\n"
            "async def main():\n"
            "    _b()\n"
            "    loop = asyncio.get_running_loop()\n"
            "    loop.call_later(1, _c, 2)\n"
            "    loop.call_soon_threadsafe(_d)\n")
        self.assertEqual([found[n] for n in ("_a", "_b", "_c", "_d")], [None] * 4)

    def test_signal_handlers_readers_and_writers(self):
        """The loop runs them from _run_once as it runs call_soon's (probe round 16, p37)."""
        found = reasons(
            "import signal\n"
            "def _a(name): pass\n"
            "def _b(): pass\n"
            "def _c(): pass\n"
            "def _d(): pass\n"
            "def install(loop, sock):\n"
            "    loop.add_signal_handler(signal.SIGUSR1, _a, 'USR1')\n"
            "    loop.add_reader(sock, _b)\n"
            "    loop.add_writer(sock, _c)\n"
            "    loop.add_reader(_d, sock)\n")
        self.assertEqual([found[n] for n in ("_a", "_b", "_c")], [None] * 3)
        self.assertIn("without being called", found["_d"])

    def test_callback_must_be_in_its_place(self):
        found = reasons(
            "def _a(): pass\n"
            "def _b(): pass\n"
            "def _c(): pass\n"
            "async def main(loop, args):\n"
            "    loop.call_soon(print, _a)\n"
            "    loop.call_later(_b)\n"
            "    loop.call_later(*args, _c)\n")
        for name in ("_a", "_b", "_c"):
            self.assertIn("without being called", found[name])

    def test_other_threads_and_stored_references(self):
        found = reasons(
            "import asyncio, threading\n"
            "def _a(): pass\n"
            "def _b(): pass\n"
            "def _c(): pass\n"
            "async def main(loop):\n"
            "    _a(), _b(), _c()\n"
            "    await loop.run_in_executor(None, _a)\n"
            "    await asyncio.to_thread(_b)\n"
            "    threading.Thread(target=_c).start()\n")
        for name in ("_a", "_b", "_c"):
            self.assertIn("without being called", found[name])

    def test_where_a_call_runs(self):
        found = reasons(
            "def _module(): pass\n"
            "def _lambda(): pass\n"
            "def _genexp(): pass\n"
            "def _nested(): pass\n"
            "def _default(): pass\n"
            "def _class(): pass\n"
            "_module()\n"
            "async def main():\n"
            "    f = lambda: _lambda()\n"
            "    g = (_genexp() for _ in ())\n"
            "    def inner(x=_default()):\n"
            "        _nested()\n"
            "    class C:\n"
            "        x = _class()\n")
        self.assertIn("module level", found["_module"])
        self.assertIn("lambda", found["_lambda"])
        self.assertIn("generator expression", found["_genexp"])
        self.assertIn("not proven", found["_nested"])
        self.assertIn("default value", found["_default"])
        self.assertIn("class body", found["_class"])

    def test_one_unproven_caller_spoils_the_chain(self):
        found = reasons(
            "def _leaf(): pass\n"
            "def _middle(): _leaf()\n"
            "def run(): _middle()\n"
            "async def main(): _middle()\n")
        self.assertIn("from sync code", found["_middle"])
        self.assertIn("also called from _middle()", found["_leaf"])

    def test_cycles_need_an_entry_from_the_loop(self):
        entered = reasons("def _a(n): return _b(n)\ndef _b(n): return _a(n - 1) if n else 0\nasync def main(): _a(3)\n")
        self.assertEqual((entered["_a"], entered["_b"]), (None, None))
        dead = reasons("def _a(n): return _b(n)\ndef _b(n): return _a(n)\n")
        self.assertIn("nothing in this file runs", dead["_a"])

    def test_attribute_reads_and_uncalled_functions(self):
        found = reasons("import sys\ndef _a(): pass\ndef _b(): pass\nasync def main(): sys.modules[__name__]._a()\n")
        self.assertIn("attribute", found["_a"])
        self.assertIn("not called", found["_b"])


class ClosingCode(unittest.TestCase):
    """Calls from closing code (closing_code.py) may run with no loop running: they prove nothing (W1b)."""

    def test_calls_from_aexit_and_coroutines_awaited_from_a_finally(self):
        found = reasons(
            "import asyncio\n"
            "def _a(): return asyncio.get_event_loop()\n"
            "def _b(): return asyncio.get_event_loop()\n"
            "def _c(): return asyncio.get_event_loop()\n"
            "class T:\n"
            "    async def __aexit__(self, *exc): _a()\n"
            "async def close_conn(): _b()\n"
            "async def poller():\n"
            "    _c()\n"
            "    try:\n        await asyncio.sleep(1)\n    finally:\n        await close_conn()\n")
        self.assertIn("__aexit__() runs when a coroutine waiting in its `async with` block is closed", found["_a"])
        self.assertIn("close_conn() is awaited from a finally: block of poller()", found["_b"])
        self.assertIsNone(found["_c"])

    def test_calls_after_a_handler_that_may_swallow_generator_exit(self):
        found = reasons(
            "import asyncio\n"
            "def _a(): return asyncio.get_event_loop()\n"
            "def _b(): return asyncio.get_event_loop()\n"
            "def _c(): return asyncio.get_event_loop()\n"
            "async def run(q):\n"
            "    _c()\n"
            "    try:\n        await q.get()\n    except BaseException:\n        pass\n"
            "    _a()\n"
            "async def reraise(q):\n"
            "    try:\n        await q.get()\n    except BaseException:\n        raise\n"
            "    _b()\n")
        self.assertIn("a try: with a handler that may catch GeneratorExit", found["_a"])
        self.assertIsNone(found["_b"])
        self.assertIsNone(found["_c"])

    def test_awaited_from_another_modules_closing_code(self):
        source = "import asyncio\ndef _a(): return asyncio.get_event_loop()\nasync def close(): _a()\n"
        self.assertIsNone(reasons(source)["_a"])
        self.assertIn("closing code of module app", reasons(source, dict(NOT_TAKEN, closingAwaited={"close": "app"}))["_a"])


class TheName(unittest.TestCase):
    def test_shadowed_redefined_or_declared_global(self):
        found = reasons(
            "def _param(): pass\n"
            "def _twice(): pass\n"
            "def _twice(): pass\n"
            "def _global(): pass\n"
            "def uses(_param):\n"
            "    global _global\n"
            "    _global = None\n"
            "async def main(): _param(), _twice(), _global()\n")
        for name in ("_param", "_twice", "_global"):
            self.assertIn("bound more than once", found[name])

    def test_exported_named_in_strings_decorated_generators(self):
        found = reasons(
            "import functools\n"
            "__all__ = ['_exported']\n"
            "def _exported(): pass\n"
            "def _named(): pass\n"
            "@functools.lru_cache()\n"
            "def _decorated(): pass\n"
            "def _generator(): yield\n"
            "PATCH = 'pkg.mod._named'\n"
            "async def main(): _exported(), _named(), _decorated(), _generator()\n")
        self.assertIn("__all__", found["_exported"])
        self.assertIn("string", found["_named"])
        self.assertIn("decorated", found["_decorated"])
        self.assertIn("generator", found["_generator"])

    def test_imported_under_another_name(self):
        found = reasons("from helpers import _a as b\ndef _a(): pass\nasync def main(): _a()\ndef run(): b()\n")
        self.assertIn("another name", found["_a"])

    def test_dynamic_lookups_and_star_imports(self):
        self.assertIn("globals()", reasons("def _a(): pass\nasync def main(): _a(), globals()\n")["_a"])
        self.assertIn("star import", reasons("from os import *\ndef _a(): pass\nasync def main(): _a()\n")["_a"])
        self.assertIsNone(reasons("from asyncio import *\ndef _a(): pass\nasync def main(): _a()\n")["_a"])

    def test_star_imported_module_that_binds_all(self):
        star = dict(NOT_TAKEN, importedNames=["*"])
        self.assertIsNone(reasons("def _a(): pass\nasync def main(): _a()\n", star)["_a"])
        self.assertIn("__all__", reasons("__all__ = [n for n in dir()]\ndef _a(): pass\nasync def main(): _a()\n",
                                         star)["_a"])

    def test_generator_check_ignores_nested_bodies(self):
        module = cst.parse_module("def f():\n    def g(): yield\n    return lambda: (yield)\ndef h():\n    x = yield\n")
        first, second = [node for node in module.body if isinstance(node, cst.FunctionDef)]
        self.assertFalse(is_generator(first))
        self.assertTrue(is_generator(second))


def constructors(source, project=NOT_TAKEN):
    """{module-level class name: None when its __init__ is proven (P2a, "Constructors"), else why not}."""
    module = cst.parse_module(source)
    analysis = FileAnalysis.of(module, source, frozenset({"get_event_loop"}))
    callers = SyncCallers(module, analysis, lambda names: FileAnalysis.of(module, source, frozenset(names)),
                          TreeIndex(module), project)
    found = {}
    for node in module.body:
        if isinstance(node, cst.ClassDef):
            inits = [s for s in node.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"]
            found[node.name.value] = callers.why_not_init(inits[0]) if inits else "no __init__"
    return found


INIT = "    def __init__(self): self._loop = asyncio.get_event_loop()\n"


class Constructors(unittest.TestCase):
    def test_made_in_coroutines_helpers_and_callbacks(self):
        found = constructors(
            "import asyncio\n"
            "class _A:\n" + INIT +
            "class _B(object):\n" + INIT +
            "class _C:\n" + INIT +
            "def _make(): return _B()\n"
            "async def main():\n"
            "    a = _A()\n"
            "    b = _make()\n"
            "    asyncio.get_running_loop().call_soon(_C)\n")
        self.assertEqual(found, {"_A": None, "_B": None, "_C": None})

    def test_a_helper_called_from_a_proven_constructor(self):
        found = reasons(
            "import asyncio\n"
            "def _now(): return asyncio.get_event_loop()\n"
            "class _A:\n"
            "    def __init__(self): self._loop = _now()\n"
            "async def main(): _A()\n")
        self.assertIsNone(found["_now"])

    def test_every_load_of_the_name_must_be_a_run_under_the_loop(self):
        found = constructors(
            "import asyncio\n"
            "class _Module:\n" + INIT +
            "class _Stored:\n" + INIT +
            "class _Annotated:\n" + INIT +
            "class _Base:\n" + INIT +
            "class _Sub(_Base):\n" + INIT +
            "class _Checked:\n" + INIT +
            "_Module()\n"
            "factory = _Stored\n"
            "async def main(x):\n"
            "    a: _Annotated = _Annotated()\n"
            "    _Module(), _Stored(), _Base(), _Checked()\n"
            "    return isinstance(x, _Checked)\n")
        self.assertIn("module level", found["_Module"])
        self.assertIn("without being called", found["_Stored"])
        self.assertIn("without being called", found["_Annotated"])
        self.assertIn("without being called", found["_Base"])
        self.assertIn("base class", found["_Sub"])
        self.assertIn("without being called", found["_Checked"])

    def test_class_shapes_declined(self):
        found = constructors(
            "import asyncio, enum, dataclasses\n"
            "class _Enum(enum.Enum):\n" + INIT +
            "@dataclasses.dataclass\n"
            "class _Decorated:\n" + INIT +
            "class _Meta(metaclass=type):\n" + INIT +
            "class _Factory:\n" + INIT +
            "    @classmethod\n"
            "    def make(cls): return cls()\n"
            "class _Assigned:\n" + INIT +
            "    make = classmethod(lambda cls: cls())\n"
            "class _New:\n" + INIT +
            "    def __new__(cls): return object.__new__(cls)\n"
            "class _Twice:\n" + INIT + INIT +
            "class _Async:\n"
            "    async def __init__(self): pass\n"
            "class Public:\n" + INIT +
            "async def main():\n"
            "    _Enum(1), _Decorated(), _Meta(), _Factory(), _Assigned(), _New(), _Twice(), _Async(), Public()\n")
        self.assertIn("base class", found["_Enum"])
        self.assertIn("decorated", found["_Decorated"])
        self.assertIn("metaclass", found["_Meta"])
        self.assertIn("classmethod", found["_Factory"])
        self.assertIn("classmethod", found["_Assigned"])
        self.assertIn("__new__()", found["_New"])
        self.assertIn("not one plain def", found["_Twice"])
        self.assertIn("coroutine function", found["_Async"])
        self.assertIn("public", found["Public"])

    def test_init_run_without_naming_the_class(self):
        base = "import asyncio\nclass _A:\n" + INIT + "async def main():\n    a = _A()\n"
        self.assertIsNone(constructors(base)["_A"])
        self.assertIsNone(constructors(base + "    super().__init__\n")["_A"])
        self.assertIn("a.__init__", constructors(base + "    a.__init__()\n")["_A"])
        self.assertIn("__class__", constructors(base + "    a.__class__()\n")["_A"])
        self.assertIn("type(x)", constructors(base + "    type(a)()\n")["_A"])
        self.assertIn("globals()", constructors(base + "    globals()\n")["_A"])
        self.assertIn("string", constructors(base + "    getattr(a, '__init__')()\n")["_A"])
        self.assertIn("imports _A", constructors(base, dict(NOT_TAKEN, importedNames=["_A"]))["_A"])
        self.assertIn("module object", constructors(base, dict(NOT_TAKEN, importedWhole=True))["_A"])

    def test_a_method_is_not_a_constructor(self):
        module = cst.parse_module("class _A:\n    def run(self): pass\n")
        analysis = FileAnalysis.of(module, "", frozenset({"get_event_loop"}))
        callers = SyncCallers(module, analysis, lambda names: analysis, TreeIndex(module), NOT_TAKEN)
        self.assertIn("not the constructor", callers.why_not_init(module.body[0].body.body[0]))


def methods(source, project=NOT_TAKEN):
    """{"C.m": None when the method is proven (P2a rule 5), else why not} for every method of module-level classes."""
    module = cst.parse_module(source)
    analysis = FileAnalysis.of(module, source, frozenset({"get_event_loop"}))
    callers = SyncCallers(module, analysis, lambda names: FileAnalysis.of(module, source, frozenset(names)),
                          TreeIndex(module), project)
    return {"%s.%s" % (node.name.value, method.name.value): callers.why_not_method(method)
            for node in module.body if isinstance(node, cst.ClassDef)
            for method in node.body.body if isinstance(method, cst.FunctionDef)}


class Methods(unittest.TestCase):
    def test_self_calls_from_coroutine_methods_proven_methods_and_callbacks(self):
        found = methods(
            "import asyncio\n"
            "class _A:\n"
            "    def _leaf(self): return asyncio.get_event_loop()\n"
            "    def _middle(self): return self._leaf()\n"
            "    def _callback(self): pass\n"
            "    def _from_init(self): pass\n"
            "    def __init__(self): self._from_init()\n"
            "    async def run(self):\n"
            "        self._middle()\n"
            "        asyncio.get_running_loop().call_soon(self._callback)\n"
            "async def main(): await _A().run()\n")
        self.assertEqual([found["_A." + m] for m in ("_leaf", "_middle", "_callback", "_from_init")], [None] * 4)
        self.assertIn("not a private method", found["_A.run"])

    def test_a_constructor_not_proven_spoils_only_what_it_calls(self):
        found = methods(
            "class _A:\n"
            "    def _from_init(self): pass\n"
            "    def _from_coroutine(self): pass\n"
            "    def __init__(self): self._from_init()\n"
            "    async def run(self): self._from_coroutine()\n"
            "_A()\n")
        self.assertIn("not proven", found["_A._from_init"])
        self.assertIsNone(found["_A._from_coroutine"])

    def test_other_ways_to_reach_a_method(self):
        found = methods(
            "import functools\n"
            "class _A:\n"
            "    def _public_caller(self): pass\n"
            "    def _stored(self): pass\n"
            "    def _other_object(self): pass\n"
            "    def _nested(self): pass\n"
            "    def _decorated_caller(self): pass\n"
            "    @functools.lru_cache()\n"
            "    def _decorated(self): pass\n"
            "    def _generator(self): yield\n"
            "    def sync(self): self._public_caller()\n"
            "    @property\n"
            "    def _prop(self): return self._decorated_caller()\n"
            "    async def run(self, other):\n"
            "        f = self._stored\n"
            "        other._other_object()\n"
            "        g = lambda: self._nested()\n"
            "        self._decorated(), self._generator(), self._public_caller(), self._stored()\n"
            "async def main(): await _A().run(None)\n")
        self.assertIn("from sync(), not proven", found["_A._public_caller"])
        self.assertIn("other than as self._stored", found["_A._stored"])
        self.assertIn("other than as self._other_object", found["_A._other_object"])
        self.assertIn("other than as self._nested", found["_A._nested"])
        self.assertIn("not proven", found["_A._decorated_caller"])
        self.assertIn("decorated", found["_A._decorated"])
        self.assertIn("generator", found["_A._generator"])

    def test_shape_of_the_class_and_the_file(self):
        body = "    def _m(self): pass\n    async def run(self): self._m()\n"
        self.assertIsNone(methods("class _A:\n" + body)["_A._m"])
        self.assertIn("base class", methods("class _A(dict):\n" + body)["_A._m"])
        self.assertIn("public", methods("class A:\n" + body)["A._m"])
        self.assertIn("imports _A", methods("class _A:\n" + body, dict(NOT_TAKEN, importedNames=["_A"]))["_A._m"])
        self.assertIn("getattr", methods("class _A:\n" + body + "def f(a, n): getattr(a, n)()\n")["_A._m"])
        self.assertIn("string", methods("class _A:\n" + body + "NAME = '_m'\n")["_A._m"])
        self.assertIn("bound more than once", methods("class _A:\n" + body + "def _m(): pass\n")["_A._m"])
        two = methods("class _A:\n" + body + "class _B:\n" + body)
        self.assertIn("bound more than once", two["_A._m"])  # two classes with _m: neither is told apart


class DoneCallbacks(unittest.TestCase):
    """P2a, "Done callbacks": add_done_callback on a receiver proven an asyncio future or task."""

    HELPERS = "".join("def _%s(f, *a): pass\n" % n for n in "abcdefghijklmn")

    def test_makers_in_place_and_by_a_local_name(self):
        found = reasons(
            "import asyncio\n"
            "from asyncio import gather as g\n" + self.HELPERS +
            "async def work(): pass\n"
            "async def main(loop):\n"
            "    asyncio.ensure_future(work()).add_done_callback(_a)\n"
            "    t = asyncio.create_task(work())\n"
            "    t.add_done_callback(_b)\n"
            "    t.add_done_callback(lambda f: _c(f, 1))\n"
            "    g().add_done_callback(_d)\n"
            "    asyncio.Future().add_done_callback(_e)\n"
            "    asyncio.shield(t).add_done_callback(_f)\n"
            "    asyncio.wrap_future(loop.run_in_executor(None, print)).add_done_callback(_g)\n"
            "    asyncio.tasks.Task(work()).add_done_callback(_h)\n"
            "def start():\n"  # sync code, no loop running: the loop still runs the callback later
            "    fut = asyncio.Future(loop=asyncio.new_event_loop())\n"
            "    fut.add_done_callback(_i)\n"
            "    try:\n"
            "        pass\n"
            "    finally:\n"
            "        fut.add_done_callback(_j)\n")
        for name in "abcdefghij":
            self.assertIsNone(found["_" + name], name)

    def test_future_and_loop_doubles_decline_done_callbacks(self):
        """A class isfuture() accepts, or one defining add_done_callback/get_loop or a loop's call_soon, may run the
        callback at once (probe round 16, C p07, p08); another module's such class: the loopMethodsDefined fact."""
        body = ("async def work(): pass\n"
                "def settle(loop, aw):\n"
                "    asyncio.Future(loop=loop).add_done_callback(_a)\n"
                "    asyncio.ensure_future(aw).add_done_callback(_b)\n")
        plain = reasons("import asyncio\n" + self.HELPERS + body)
        self.assertEqual([plain["_a"], plain["_b"]], [None, None])
        for double in ("class Ready:\n    _asyncio_future_blocking = False\n",
                       "class Ready:\n    def add_done_callback(self, cb):\n        cb(self)\n",
                       "class Inline:\n    def call_soon(self, cb, *args):\n        cb(*args)\n"):
            found = reasons("import asyncio\n" + self.HELPERS + double + body)
            self.assertIsNotNone(found["_a"], double)
            self.assertIsNotNone(found["_b"], double)
        told = reasons("import asyncio\n" + self.HELPERS + body, dict(NOT_TAKEN, loopMethodsDefined="tests.doubles"))
        self.assertIsNotNone(told["_a"])

    def test_receivers_not_proven(self):
        found = reasons(
            "import asyncio, concurrent.futures\n" + self.HELPERS +
            "async def work(): pass\n"
            "async def main(given, loop, flag):\n"
            "    given.add_done_callback(_a)\n"
            "    concurrent.futures.Future().add_done_callback(_b)\n"
            "    asyncio.run_coroutine_threadsafe(work(), loop).add_done_callback(_c)\n"
            "    loop.create_future().add_done_callback(_d)\n"
            "    late.add_done_callback(_e)\n"
            "    late = asyncio.ensure_future(work())\n"
            "    if flag:\n"
            "        maybe = asyncio.ensure_future(work())\n"
            "    maybe.add_done_callback(_f)\n"
            "    twice = asyncio.ensure_future(work())\n"
            "    for twice in ():\n"
            "        pass\n"
            "    twice.add_done_callback(_g)\n"
            "    outer = asyncio.ensure_future(work())\n"
            "    def inner():\n"
            "        outer.add_done_callback(_h)\n"
            "    def rebind():\n"
            "        nonlocal outer\n"
            "        outer = given\n"
            "    same = asyncio.ensure_future(work()); same.add_done_callback(_i)\n"
            "    asyncio.ensure_future(work()).add_done_callback(fn=_j)\n"
            "    asyncio.ensure_future(work()).add_done_callback(*[_k])\n"
            "    asyncio.ensure_future(work()).remove_done_callback(_l)\n"
            "async def elsewhere():\n"
            "    global shadow\n"
            "    shadow = asyncio.ensure_future(work())\n"
            "    shadow.add_done_callback(_m)\n")
        for name in "abcdefgh":
            self.assertIn("not proven an asyncio one", found["_" + name], name)
        for name in "ijklm":
            self.assertIsNotNone(found["_" + name], name)

    def test_a_module_level_or_shadowed_maker_is_not_asyncio_s(self):
        found = reasons(
            "import asyncio\n" + self.HELPERS +
            "fut = asyncio.ensure_future(asyncio.sleep(0))\n"
            "fut.add_done_callback(_a)\n"
            "async def main(ensure_future):\n"
            "    ensure_future(1).add_done_callback(_b)\n")
        self.assertIn("not proven an asyncio one", found["_a"])
        self.assertIn("not proven an asyncio one", found["_b"])

    def test_lambda_body_must_be_the_one_call(self):
        found = reasons(
            "import asyncio\n" + self.HELPERS +
            "async def main(log, loop):\n"
            "    t = asyncio.ensure_future(asyncio.sleep(0))\n"
            "    t.add_done_callback(lambda f: _a(f))\n"
            "    t.add_done_callback(lambda f: log.append(_b(f)))\n"
            "    t.add_done_callback(lambda f, x=_c(t): x)\n"
            "    t.add_done_callback(lambda f: (_d(f), _e(f)))\n"
            "    keep = lambda f: _f(f)\n"
            "    t.add_done_callback(keep)\n"
            "    loop.call_soon(lambda: _g(t))\n"  # call_soon's lambdas stay as they were
            "    given = loop.create_future()\n"
            "    given.add_done_callback(lambda f: _h(f))\n")
        self.assertIsNone(found["_a"])
        self.assertIn("in a lambda", found["_b"])
        self.assertIn("default value", found["_c"])
        for name in "defgh":
            self.assertIn("in a lambda", found["_" + name], name)

    def test_an_unproven_caller_still_spoils_it(self):
        found = reasons(
            "import asyncio\n"
            "def _cb(f): return asyncio.get_event_loop()\n"
            "def start():\n"
            "    fut = asyncio.Future()\n"
            "    fut.add_done_callback(_cb)\n"
            "    _cb(fut)\n")
        self.assertIn("from sync code", found["_cb"])

    def test_methods_and_constructors_as_done_callbacks(self):
        source = ("import asyncio\n"
                  "class _A:\n"
                  "    def __init__(self, fut): pass\n"
                  "    def _m(self, fut): pass\n"
                  "    async def run(self):\n"
                  "        t = asyncio.ensure_future(asyncio.sleep(0))\n"
                  "        t.add_done_callback(self._m)\n"
                  "        t.add_done_callback(_A)\n")
        self.assertIsNone(methods(source)["_A._m"])
        self.assertIsNone(constructors(source)["_A"])

    def test_cpython_runs_them_only_from_the_loop(self):
        """The behaviour the rule rests on, on this interpreter: call_soon even when already done, queued
        while the loop is not running, refused once it is closed."""
        import asyncio
        ran = []
        loop = asyncio.new_event_loop()
        try:
            def callback(fut):
                ran.append(asyncio.get_running_loop() is loop)
            done = loop.create_future()
            done.set_result(1)
            done.add_done_callback(callback)
            pending = asyncio.Future(loop=loop)
            pending.add_done_callback(callback)
            pending.set_result(2)
            self.assertEqual(ran, [])
            loop.run_until_complete(asyncio.sleep(0))
            self.assertEqual(ran, [True, True])
            late = loop.create_future()
            late.add_done_callback(callback)
        finally:
            loop.close()
        with self.assertRaises(RuntimeError):
            late.cancel()
        self.assertEqual(ran, [True, True])


if __name__ == "__main__":
    unittest.main()
