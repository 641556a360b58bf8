"""The shared knowledge and analysis every transform relies on: asyncio_api's tables, the binding
rule, name resolution (docs/SEMANTICS.md P10), the parameter model and the free-name picker.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

HELPERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HELPERS)

from loopshift_support import asyncio_api as api  # noqa: E402
from loopshift_support.analysis import Ambiguous, FileAnalysis, canonical, thread_target_only  # noqa: E402
from loopshift_support.syntax import all_params, named_params, param_names, positional_params  # noqa: E402


def analyse(source, names=("get_event_loop", "sleep", "x", "loop")):
    module = cst.parse_module(source)
    return FileAnalysis.of(module, source, frozenset(names))


def meaning_of(analysis, name):
    """Resolutions of every site of `name`, in source order."""
    return [analysis.resolve(s.expr, s.frame.scopes()) for s in analysis.sites if s.terminal == name]


class AsyncioApi(unittest.TestCase):
    def test_loop_arg_removal_covers_the_primitives(self):
        self.assertLessEqual(api.PRIMITIVES, api.LOOP_ARG_REMOVED_IN_310)
        self.assertEqual(len(api.LOOP_ARG_REMOVED_IN_310), 20)  # the README's "20 asyncio APIs"

    def test_plain_policies_name_a_loop_factory(self):
        for qualname, (module, factory) in api.LOOP_CLASS_POLICIES.items():
            self.assertTrue(qualname.startswith(module + "."), qualname)
            self.assertTrue(factory)
        self.assertNotIn(api.DEFAULT_POLICY, api.LOOP_CLASS_POLICIES)

    def test_library_lists(self):
        self.assertLessEqual(set(api.LOOP_PATCHING_LIBRARIES), api.LOOP_LIBRARIES)
        self.assertIn("trio", api.FOREIGN_RUNNERS)
        self.assertNotIn("asyncio", api.LOOP_FREE_STDLIB)  # asyncio is what we look for

    def test_qualified_names_are_canonical(self):
        for qualname in (api.RUNNERS | api.USES_GLOBAL_POLICY | api.WRAPPABLE_AWAITABLES) - {"uvloop.run"}:
            self.assertEqual(canonical(qualname), qualname)
        self.assertEqual(canonical("asyncio.events.get_event_loop"), "asyncio.get_event_loop")


class Resolution(unittest.TestCase):
    def test_import_forms(self):
        a = analyse("import asyncio as aio\nfrom asyncio import get_event_loop as gel\n"
                    "aio.get_event_loop()\ngel()\naio.events.get_event_loop()\n")
        self.assertEqual(meaning_of(a, "get_event_loop") + meaning_of(a, "gel"), ["asyncio.get_event_loop"] * 3)

    def test_local_definition_wins(self):
        a = analyse("def get_event_loop():\n    pass\nget_event_loop()\n")
        self.assertEqual(meaning_of(a, "get_event_loop"), [None])

    def test_two_bindings_are_ambiguous(self):
        a = analyse("from asyncio import sleep\nfrom time import sleep\nsleep(1)\n")
        [found] = meaning_of(a, "sleep")
        self.assertIsInstance(found, Ambiguous)
        self.assertTrue(found.mixes_asyncio_with_other)

    def test_star_import(self):
        a = analyse("from asyncio import *\nget_event_loop()\n")
        self.assertEqual(meaning_of(a, "get_event_loop"), ["asyncio.get_event_loop"])
        self.assertEqual(a.star_modules(), ["asyncio"])

    def test_class_body_is_not_an_enclosing_scope(self):
        source = ("import asyncio\nclass C:\n    x = asyncio\n    def m(self):\n        return x\n"
                  "    y = x\n")
        a = analyse(source)
        inner, body = [s for s in a.sites if s.terminal == "x" and isinstance(s.expr, cst.Name)]
        self.assertEqual(a.visible_bindings("x", inner.frame.scopes()), [])  # from the method: not visible
        self.assertIsNone(a.binding_scope("x", inner.frame.scopes()))
        self.assertIsInstance(a.binding_scope("x", body.frame.scopes()), cst.ClassDef)
        self.assertEqual(a.resolve_name("x", body.frame.scopes()), None)  # a local assignment

    def test_bindings_in_and_global(self):
        a = analyse("loop = 1\ndef f():\n    global loop\n    loop = 2\n")
        self.assertEqual(a.bindings_in("loop", a.module), 2)  # `global` rebinds the module's

    def test_free_name(self):
        a = analyse("loop = 1\nprint(event_loop)\n")
        self.assertEqual(a.free_name(("loop", "event_loop", "main_loop")), "main_loop")
        self.assertIsNone(a.free_name(("loop", "main_loop"), text="# main_loop\n"))


class Parameters(unittest.TestCase):
    def test_kinds(self):
        function = cst.parse_statement("def f(a, /, b, *args, c, **kw):\n    pass\n")
        self.assertEqual([p.name.value for p in positional_params(function.params)], ["a", "b"])
        self.assertEqual([p.name.value for p in named_params(function.params)], ["a", "b", "c"])
        self.assertEqual(param_names(function.params), ["a", "b", "c", "args", "kw"])
        bare = cst.parse_statement("def g(*, c):\n    pass\n")
        self.assertEqual([p.name.value for p in all_params(bare.params)], ["c"])


class ThreadTargets(unittest.TestCase):
    """docs/SEMANTICS.md P14: one check, read by asyncio_run (entry path) and close_loop."""

    def verdict(self, source):
        analysis = analyse(source, ("Thread", "work"))
        function = analysis.module_functions["work"][0]
        return thread_target_only(analysis, function)

    def test_only_thread_targets(self):
        self.assertTrue(self.verdict("import threading\ndef work(): pass\nthreading.Thread(target=work).start()\n"))
        self.assertTrue(self.verdict("from threading import Thread\ndef work(): pass\nThread(target=work)\n"
                                     "Thread(target=work)\n"))

    def test_any_other_use_or_binding_refuses(self):
        self.assertFalse(self.verdict("import threading\ndef work(): pass\nthreading.Thread(target=work)\nwork()\n"))
        self.assertFalse(self.verdict("import threading\ndef work(): pass\nthreading.Thread(work)\n"))
        self.assertFalse(self.verdict("def work(): pass\nThread(target=work)\n"))  # not threading's
        self.assertFalse(self.verdict("import threading\ndef work(): pass\nwork = 1\nthreading.Thread(target=work)\n"))
        self.assertFalse(self.verdict("def work(): pass\n"))


if __name__ == "__main__":
    unittest.main()


class GeneratorBasedCoroutines(unittest.TestCase):
    """docs/SEMANTICS.md B5: which sync defs have a coroutine body."""

    SOURCE = (
        "import asyncio, types\n"
        "from asyncio import coroutine as co\n"
        "@asyncio.coroutine\ndef a():\n    get_event_loop()\n"
        "@co\ndef b():\n    get_event_loop()\n"
        "@types.coroutine\ndef c():\n    get_event_loop()\n    yield\n"
        "@types.coroutine\ndef d():\n    get_event_loop()\n"
        "def coroutine(f):\n    return f\n"
        "@coroutine\ndef e():\n    get_event_loop()\n    yield\n"
        "@asyncio.coroutine\n@types.coroutine\ndef f():\n    get_event_loop()\n    yield\n"
        "@asyncio.coroutine\ndef g():\n    h = lambda: get_event_loop()\n    yield\n"
    )

    def test_body_frames(self):
        analysis = analyse(self.SOURCE)
        owner = {s.frame.node.name.value if hasattr(s.frame.node, "name") else "lambda": s for s in analysis.sites}
        self.assertEqual({name: site.in_coroutine_body for name, site in owner.items()},
                         {"a": True, "b": True, "c": True, "d": False, "e": False, "f": False, "lambda": False})
        self.assertEqual(owner["lambda"].async_extent.name.value, "g")  # inside it, but not its body
