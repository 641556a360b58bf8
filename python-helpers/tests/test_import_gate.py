"""The import gate (loopshift_support/import_gate.py): it may say "imports" too often, never too rarely."""
import os
import sys
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support import request_handler  # noqa: E402
from loopshift_support.import_gate import ImportGate, imported_roots  # noqa: E402
from loopshift_support.registry import load_transforms  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES = ("asyncio", "uvloop")


class ImportedRoots(unittest.TestCase):
    def test_every_statement_form_and_depth(self):
        source = (
            "import os, asyncio.events as ev\n"
            "from a.b import c\n"
            "from . import sibling\n"
            "from .pkg import other\n"
            "x = 1; import json\n"
            "import \\\n    collections\n"
            "def f():\n"
            "    try:\n"
            "        import zlib\n"
            "    except ImportError:\n"
            "        from gzip import open\n"
            "    finally:\n"
            "        import bz2\n"
            "class C:\n"
            "    if True:\n"
            "        import csv\n"
            "    else:\n"
            "        import io\n"
            "with open('x') as handle:\n"
            "    import re\n"
            "match x:\n"
            "    case 1:\n"
            "        import time\n"
        )
        self.assertEqual(imported_roots(source), frozenset(
            {"os", "asyncio", "a", "json", "collections", "zlib", "gzip", "bz2", "csv", "io", "re", "time"}))

    def test_unparsable_is_none(self):
        self.assertIsNone(imported_roots("def broken(:\n"))
        self.assertIsNone(imported_roots("x = 1\0\n"))


class Gate(unittest.TestCase):
    def test_says_yes_for_any_real_import(self):
        for source in ("import asyncio\n", "from asyncio import get_event_loop\n", "import os, uvloop\n",
                       "x = 1; import asyncio\n", "import \\\n    asyncio\n", "def f():\n    import asyncio as aio\n",
                       "from asyncio.events import get_event_loop\n", "if x:\n    from uvloop import install\n"):
            with self.subTest(source=source):
                self.assertTrue(ImportGate().imports_any(source, MODULES))

    def test_says_no_without_one(self):
        for source in ("from . import events\nevents.get_event_loop()\n", "asyncio = None\n",
                       "'''import asyncio'''\n", "# import asyncio\n", "from compat import asyncio\n",
                       "import asyncio_extras\n"):
            with self.subTest(source=source):
                self.assertFalse(ImportGate().imports_any(source, MODULES))

    def test_unparsable_text_passes(self):
        self.assertTrue(ImportGate().imports_any("def broken(:\n    get_event_loop()\n", MODULES))


class Handler(unittest.TestCase):
    """A file with trigger words but no import its sites could resolve through is answered without a parse."""

    def setUp(self):
        self.transforms = load_transforms([os.path.join(REPO, "transforms")])

    def answer(self, source):
        return request_handler.handle_request(
            {"id": 1, "type": "transform", "path": "x.py", "source": source, "options": {"target": "3.12"}},
            self.transforms)

    def test_no_import_no_parse(self):
        source = "from . import events\n\ndef f():\n    return events.get_event_loop().run_until_complete(g())\n"
        with mock.patch.object(request_handler.cst, "parse_module", side_effect=AssertionError("parsed")):
            answer = self.answer(source)
        self.assertEqual((answer["status"], answer["diagnostics"]), ("unchanged", []))

    def test_import_parses_and_reports(self):
        answer = self.answer("import asyncio\n\ndef f():\n    return asyncio.get_event_loop()\n")
        self.assertEqual([d["code"] for d in answer["diagnostics"]], ["LS801"])

    def test_event_loop_fixture_found_by_name_alone(self):
        answer = self.answer("def test_x(event_loop):\n    pass\n")
        self.assertEqual([d["code"] for d in answer["diagnostics"]], ["LS807"])

    def test_every_shipped_transform_is_gated(self):
        # A new transform must say what its sites resolve through (docs/TRANSFORMS.md), or this fails.
        self.assertTrue(all(t.resolves_through for t in self.transforms), [t.name for t in self.transforms])


if __name__ == "__main__":
    unittest.main()
