"""unittest_loop and loop_diagnostics together (docs/SEMANTICS.md P13a): every get_event_loop() site that
unittest_loop owns is rewritten or reported by it, never both and never also LS805; when it does not run
(-t loop_diagnostics), the same sites keep LS805. Also the ownership rule of loopshift_support/test_loops.py.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import handle_request  # noqa: E402
from loopshift_support.test_loops import owned_sites  # noqa: E402
from loopshift_support.test_state import module_state  # noqa: E402

TRANSFORMS = load_transforms([os.path.join(os.path.dirname(HERE), "transforms")])
FACTS = {"isImported": False, "namedInStrings": 0}

REWRITTEN = """\
import asyncio
import unittest


class T(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_x(self):
        self.loop.run_until_complete(asyncio.sleep(0))
"""

DECLINED = """\
import asyncio
import unittest


class T(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.loop = asyncio.get_event_loop()

    def test_x(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class U(unittest.TestCase):
    def test_y(self):
        loop = asyncio.get_event_loop()
        loop.run_until_complete(asyncio.sleep(0))
"""

FOLLOWED = """\
import asyncio
import unittest


class T(unittest.TestCase):
    def test_x(self):
        asyncio.get_event_loop().run_until_complete(asyncio.sleep(0))
        loop = asyncio.get_event_loop()
        loop.run_until_complete(asyncio.sleep(0))
"""


def _run(source, transforms=(), project=FACTS):
    options = {"target": "3.8", **({"project": project} if project is not None else {})}
    return handle_request({"id": 1, "source": source, "transforms": list(transforms), "options": options}, TRANSFORMS)


def _codes(answer):
    return [(d["line"], d["code"]) for d in answer["diagnostics"]]


class TogetherWithLoopDiagnostics(unittest.TestCase):
    def test_rewritten_site_is_not_reported(self):
        answer = _run(REWRITTEN)
        self.assertEqual(answer["status"], "changed")
        self.assertEqual(_codes(answer), [])
        self.assertIn("asyncio.set_event_loop(self.loop)", answer["source"])

    def test_declined_sites_are_reported_once_by_unittest_loop(self):
        answer = _run(DECLINED)
        self.assertEqual(answer["status"], "unchanged")
        self.assertEqual(_codes(answer), [(8, "LS905"), (16, "LS904")])

    def test_without_unittest_loop_the_sites_keep_ls805(self):
        answer = _run(DECLINED, ["loop_diagnostics"])
        self.assertEqual(_codes(answer), [(8, "LS805"), (16, "LS805")])

    def test_later_calls_of_a_rewritten_test_stay_and_are_not_reported(self):
        answer = _run(FOLLOWED)
        self.assertEqual(answer["status"], "changed")
        self.assertEqual(_codes(answer), [])
        self.assertEqual(answer["source"].count("asyncio.get_event_loop()"), 1)
        self.assertEqual(_run(answer["source"])["status"], "unchanged")

    def test_a_second_run_changes_nothing(self):
        first = _run(REWRITTEN)
        second = _run(first["source"])
        self.assertEqual(second["status"], "unchanged")
        self.assertEqual(_codes(second), [])


def _parsed(source):
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 8), module)
    return module, ctx.analysis(module, ("get_event_loop", "set_event_loop")), ctx.tree(module)


class Ownership(unittest.TestCase):
    def test_owned_sites(self):
        _module, analysis, tree = _parsed("""\
import asyncio
from unittest import TestCase as Case


class A(Case):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_after_set(self):
        asyncio.set_event_loop(asyncio.new_event_loop())
        asyncio.get_event_loop()

    def helper(self):
        asyncio.get_event_loop()

    def test_nested(self):
        def inner():
            asyncio.get_event_loop()


class B:
    def test_plain(self):
        asyncio.get_event_loop()
""")
        owned = owned_sites(analysis, tree)
        self.assertEqual([(o.cls.name.value, o.method.name.value) for o in owned], [("A", "setUp")])

    def test_module_state(self):
        _module, analysis, _tree = _parsed("""\
import asyncio
TIMEOUT = 1.5
NAME: str = "x"
PAIR = (1, -2)
LOCK = asyncio.Lock()
ITEMS = []
if TIMEOUT:
    FLAG = True
    OTHER = object()


def f():
    global COUNTER
    COUNTER = 1
""")
        self.assertEqual(sorted(module_state(analysis)), ["COUNTER", "ITEMS", "LOCK", "OTHER"])


if __name__ == "__main__":
    unittest.main()


FOREIGN = '''import asyncio
import unittest

from tests.helpers import Helpers


class T(Helpers):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.run_coro(asyncio.sleep(0))
'''
HELPERS = "import unittest\n\n\nclass Helpers(unittest.TestCase):\n    def run_coro(self, coro):\n        return self.loop.run_until_complete(coro)\n"


class BaseInAnotherModule(unittest.TestCase):
    """P13a with the one base in another project module (project_bases.py)."""

    def test_owned_and_rewritten_with_the_base_module_text(self):
        answer = _run(FOREIGN, project=dict(FACTS, baseModules={"tests.helpers": {"source": HELPERS}}))
        self.assertEqual(answer["status"], "changed")
        self.assertIn("self.addCleanup(self.loop.close)", answer["source"])

    def test_without_it_the_site_is_loop_diagnostics_ls805(self):
        answer = _run(FOREIGN)
        self.assertEqual(answer["status"], "unchanged")
        self.assertEqual(_codes(answer), [(9, "LS805")])

    def test_a_file_that_never_says_unittest_is_owned_through_its_base_module(self):
        # unittest_loop's required word may come from the base modules' text (registry.triggered_by).
        source = FOREIGN.replace("import unittest\n", "")
        answer = _run(source, project=dict(FACTS, baseModules={"tests.helpers": {"source": HELPERS}}))
        self.assertEqual(answer["status"], "changed")
        self.assertIn("self.addCleanup(self.loop.close)", answer["source"])

    def test_a_file_that_never_says_unittest_without_base_modules_keeps_ls805(self):
        # unittest_loop does not run on it (REQUIRES): loop_diagnostics must not leave the site to it.
        source = FOREIGN.replace("import unittest\n", "")
        answer = _run(source, project=dict(FACTS, baseModules={"tests.helpers": {"source": HELPERS.replace("unittest", "testing")}}))
        self.assertEqual(_codes(answer), [(8, "LS805")])
        answer = _run(source)
        self.assertEqual(_codes(answer), [(8, "LS805")])

    def test_a_base_that_closes_the_loop_in_tear_down_is_seen(self):
        closing = HELPERS + "\n    def tearDown(self):\n        self.loop.close()\n"
        source = FOREIGN + "\n    def test_b(self):\n        self.run_coro(asyncio.sleep(0))\n"
        answer = _run(source, project=dict(FACTS, baseModules={"tests.helpers": {"source": closing}}))
        self.assertEqual([c for _, c in _codes(answer)], ["LS903"])

    def test_a_base_method_naming_the_instance_otherwise_declines(self):
        # loop_uses matches self.loop by its spelling: `me.loop.close()` would go unseen.
        helpers = HELPERS.replace("(self, coro)", "(me, coro)").replace("self.loop", "me.loop")
        answer = _run(FOREIGN, project=dict(FACTS, baseModules={"tests.helpers": {"source": helpers}}))
        self.assertEqual([c for _, c in _codes(answer)], ["LS903"])
