"""P15 rule 8, the test form (loopshift_support/setup_current_loop.py): `loop=self.X` in a test method whose
setUp() made self.X the current loop.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loop_arg_sources, which adds python-helpers

from loop_arg_sources import analysed, has_loop_keyword  # noqa: E402
from loopshift_support.current_loop_arg import current_loop  # noqa: E402
from loopshift_support.loop_args import loop_attribute_hooks  # noqa: E402
from loopshift_support.setup_current_loop import _merge  # noqa: E402

HEAD = "import asyncio\nimport unittest\n"
LOOP_SET_UP = ("    def setUp(self):\n"
               "        self.loop = asyncio.new_event_loop()\n"
               "        asyncio.set_event_loop(self.loop)\n")


class _Env:
    def __init__(self, module, analysis, tree, source, project):
        self.module, self.analysis, self.tree = module, analysis, tree
        self.attribute_hooks = loop_attribute_hooks(tree.nodes)
        self.ctx = type("Ctx", (), {"source": source, "project": project})()

    def parent_of(self, node):
        return self.tree.parent.get(id(node))


def verdicts(source, project=None):
    """[(why, why not)] for each call with loop= of the file, in source order."""
    project = {"isImported": False, "namedInStrings": 0} if project is None else project
    module, analysis, tree = analysed(source, {"Queue", "Lock", "gather", "get_event_loop", "set_event_loop",
                                               "new_event_loop"})
    env = _Env(module, analysis, tree, source, project)
    out = []
    for site in analysis.sites:
        if site.call is None or not has_loop_keyword(site.call):
            continue
        value = next(a.value for a in site.call.args if a.keyword is not None and a.keyword.value == "loop")
        out.append(current_loop(site, value, site.terminal, env, site.frame.scopes()))
    return out


class SetUpAnchor(unittest.TestCase):
    def test_own_set_up_either_form(self):
        [(a, _), (b, _)] = verdicts(
            HEAD + "class A(unittest.TestCase):\n" + LOOP_SET_UP
            + "        self.addCleanup(self.loop.close)\n"
            "    def test_a(self):\n        q = asyncio.Queue(loop=self.loop)\n"
            "class B(unittest.TestCase):\n    def setUp(self):\n        self.loop = asyncio.get_event_loop()\n"
            "    def test_b(self):\n        '''doc'''\n        async def go():\n            pass\n"
            "        asyncio.gather(go(), loop=self.loop)\n")
        self.assertIn("setUp() made self.loop", a)
        self.assertIn("setUp() made self.loop", b)

    def test_set_up_of_a_mixin_or_base_in_method_resolution_order(self):
        [(mixin, _), (base, _)] = verdicts(
            HEAD + "class M:\n" + LOOP_SET_UP + "class T(M, unittest.TestCase):\n"
            "    def test_a(self):\n        asyncio.Lock(loop=self.loop)\n"
            "class Base(unittest.TestCase):\n" + LOOP_SET_UP + "class U(Base):\n"
            "    def test_b(self):\n        asyncio.Lock(loop=self.loop)\n")
        self.assertIsNotNone(mixin)
        self.assertIsNotNone(base)

    def test_declines(self):
        results = verdicts(
            HEAD + "class A(unittest.TestCase):\n" + LOOP_SET_UP + "        self.prepare()\n"
            "    def test_a(self):\n        asyncio.Lock(loop=self.loop)\n"
            "class B(unittest.TestCase):\n" + LOOP_SET_UP
            + "    def test_b(self):\n        self.loop.run_until_complete(None)\n        asyncio.Lock(loop=self.loop)\n"
            "class E(unittest.TestCase):\n" + LOOP_SET_UP
            + "    def test_e(self):\n        asyncio.Lock(loop=self.other)\n")
        whys = [r[1] for r in results]
        self.assertEqual([r[0] for r in results], [None] * 3)
        self.assertIn("self.prepare() may run code", whys[0])
        self.assertIn("run_until_complete() may run code", whys[1])
        self.assertIn("does not make self.other", whys[2])

    def test_set_up_bound_otherwise_or_steps_overridden(self):
        results = verdicts(
            HEAD + "class M:\n" + LOOP_SET_UP + "class N:\n    def setUp(self):\n        pass\n"
            "class A(M, unittest.TestCase):\n    setUp = N.setUp\n"
            "    def test_a(self):\n        asyncio.Lock(loop=self.loop)\n"
            "class B(unittest.TestCase):\n" + LOOP_SET_UP + "    def _callSetUp(self):\n        pass\n"
            "    def test_b(self):\n        asyncio.Lock(loop=self.loop)\n")
        self.assertEqual([r[0] for r in results], [None, None])
        self.assertIn("binds setUp more than once", results[0][1])
        self.assertIn("_callSetUp", results[1][1])

    def test_class_named_elsewhere_or_file_imported(self):
        [(sub, why)] = verdicts(HEAD + "class C(unittest.TestCase):\n" + LOOP_SET_UP
                                + "    def test_c(self):\n        asyncio.Lock(loop=self.loop)\n"
                                "class D(C):\n    pass\n")
        self.assertIsNone(sub)
        self.assertIn("named elsewhere", why)
        [(imported, why)] = verdicts(HEAD + "class C(unittest.TestCase):\n" + LOOP_SET_UP
                                     + "    def test_c(self):\n        asyncio.Lock(loop=self.loop)\n",
                                     project={"isImported": True})
        self.assertIsNone(imported)
        self.assertIn("imports this file", why)

    def test_not_a_test_method(self):
        [(a, why)] = verdicts(HEAD + "class C(unittest.TestCase):\n" + LOOP_SET_UP
                              + "    def helper(self):\n        asyncio.Lock(loop=self.loop)\n")
        self.assertEqual((a, why), (None, None))


class Merge(unittest.TestCase):
    def test_c3_order_and_conflict(self):
        self.assertEqual(_merge([["M", "T"], ["N", "T"], ["M", "N"]]), ["M", "N", "T"])
        self.assertIsNone(_merge([["A", "B"], ["B", "A"]]))


if __name__ == "__main__":
    unittest.main()


BASE_MODULE = HEAD + "\n\nclass LoopCase(unittest.TestCase):\n" + LOOP_SET_UP
TEST_OF = ("import asyncio\n%s\n\n\nclass T(%s):\n    def test_a(self):\n        q = asyncio.Queue(loop=self.loop)\n")


def foreign(test_source, modules, **facts):
    project = {"isImported": False, "namedInStrings": 0, "module": "tests.test_x",
               "baseModules": {name: {"source": text} for name, text in modules.items()}}
    project.update(facts)
    [verdict] = verdicts(test_source, project)
    return verdict


class BasesInOtherModules(unittest.TestCase):
    """project_bases.py: a base that an import brings from a module whose text the driver sent."""

    def test_each_import_form_reaches_the_class(self):
        for imports, base in (("from tests.base import LoopCase", "LoopCase"),
                              ("from .base import LoopCase as Case", "Case"),
                              ("import tests.base as b", "b.LoopCase"),
                              ("import tests.base", "tests.base.LoopCase"),
                              ("from tests import base", "base.LoopCase")):
            why, why_not = foreign(TEST_OF % (imports, base), {"tests.base": BASE_MODULE})
            self.assertIn("setUp() made self.loop", why or "", (imports, why_not))

    def test_unknown_or_untrusted_modules_decline(self):
        test = TEST_OF % ("from tests.base import LoopCase", "LoopCase")
        cases = {
            "not sent": {},
            "does not parse": {"tests.base": BASE_MODULE + "def (:\n"},
            "a star import there": {"tests.base": "from helpers import *\n" + BASE_MODULE},
            "bound twice there": {"tests.base": BASE_MODULE + "LoopCase = unittest.TestCase\n"},
            "a __setattr__ there": {"tests.base": BASE_MODULE + "    def __setattr__(self, k, v):\n        pass\n"},
            "a policy there": {"tests.base": BASE_MODULE + "asyncio.set_event_loop_policy(None)\n"},
            "patched there": {"tests.base": BASE_MODULE + "LoopCase.setUp = unittest.TestCase.setUp\n"},
            "setattr there": {"tests.base": BASE_MODULE + "setattr(LoopCase, 'run', None)\n"},
            "run bound in the body": {"tests.base": BASE_MODULE + "    run = unittest.TestCase.run\n"},
        }
        for what, modules in cases.items():
            why, _ = foreign(test, modules)
            self.assertIsNone(why, what)

    def test_the_importing_file_must_bind_the_name_once_without_star_imports(self):
        for extra in ("from other import *\n", "LoopCase = unittest.TestCase\n",
                      "LoopCase.setUp = unittest.TestCase.setUp\n"):
            source = TEST_OF % ("import unittest\nfrom tests.base import LoopCase\n" + extra, "LoopCase")
            why, _ = foreign(source, {"tests.base": BASE_MODULE})
            self.assertIsNone(why, extra)
        patched = TEST_OF % ("import unittest\nimport tests.base as b\nb.LoopCase.setUp = unittest.TestCase.setUp\n",
                             "b.LoopCase")
        self.assertIsNone(foreign(patched, {"tests.base": BASE_MODULE})[0])
        # super(Base, self) and the module's other attributes read are no patch.
        fine = TEST_OF % ("import tests.base as b\nVERSION = b.VERSION\n", "b.LoopCase")
        self.assertIsNotNone(foreign(fine, {"tests.base": BASE_MODULE.replace(
            "        asyncio.set_event_loop(self.loop)\n",
            "        super(LoopCase, self).setUp()\n        asyncio.set_event_loop(self.loop)\n") + "VERSION = 1\n"})[0])

    def test_loop_effects_at_import_decline(self):
        why, why_not = foreign(TEST_OF % ("from tests.base import LoopCase", "LoopCase"), {"tests.base": BASE_MODULE},
                               importedEffects={"loopAtImport": "tests.base"})
        self.assertIsNone(why)
        self.assertIn("at import time", why_not)

    def test_a_foreign_set_up_calls_nothing_of_its_module(self):
        module = BASE_MODULE.replace("        self.loop = asyncio.new_event_loop()\n",
                                     "        self.loop = make()\n") + "\n\ndef make():\n    return asyncio.new_event_loop()\n"
        why, why_not = foreign(TEST_OF % ("from tests.base import LoopCase", "LoopCase"), {"tests.base": module})
        self.assertIsNone(why)
        self.assertIn("make()", why_not)
