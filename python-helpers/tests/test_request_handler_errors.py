"""Failures a person can act on: what the helper answers for files it cannot parse or cannot afford.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import types
import unittest
from unittest import mock

HELPERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HELPERS)

from loopshift_support import request_handler  # noqa: E402
from loopshift_support.registry import Transform, load_transforms  # noqa: E402

TRANSFORMS = load_transforms([os.path.join(os.path.dirname(HELPERS), "transforms")])
LEGACY = ("import asyncio\n\n\nasync def main():\n    pass\n\n\nif __name__ == '__main__':\n"
          "    loop = asyncio.get_event_loop()\n    loop.run_until_complete(main())\n")


def answer(source, transforms=TRANSFORMS):
    return request_handler.handle_request({"id": 7, "path": "app.py", "source": source}, transforms)


def error_of(source):
    result = answer(source)
    assert result["status"] == "failed", result
    return result["error"]


class MixedLineEndings(unittest.TestCase):
    def assert_mixed(self, source, names, line, column):
        error = error_of(source)
        self.assertEqual(error["type"], "ParseError")
        self.assertEqual(error["message"], "mixed line endings (%s); LibCST cannot parse a file that mixes "
                         "them: convert it to one style (e.g. dos2unix) and run again" % names)
        self.assertEqual((error["line"], error["column"]), (line, column))

    def test_crlf_and_lf(self):
        self.assert_mixed("import asyncio\r\nloop = asyncio.get_event_loop()\nx = 1\r\n", "CRLF and LF", 2, 32)

    def test_lf_inside_a_crlf_file_string(self):
        self.assert_mixed('import asyncio\r\nasyncio.get_event_loop()\r\nx = """a\nb"""\r\n', "CRLF and LF", 3, 9)

    def test_lone_cr_and_crlf_which_makes_libcst_panic(self):
        source = "import asyncio\rx = (1,\r 2)\r\nasyncio.get_event_loop()\r\n"
        error = error_of(source)
        self.assertNotIn("panic", error["message"])
        self.assert_mixed(source, "CR and CRLF", 3, 4)

    def test_all_three_in_order_of_appearance(self):
        self.assert_mixed("import asyncio\nx = 1\r\ny = 2\rasyncio.get_event_loop()\n", "LF, CRLF and CR", 2, 6)

    def test_one_style_alone_still_parses(self):
        for ending in ("\n", "\r\n", "\r"):
            self.assertNotEqual(answer(LEGACY.replace("\n", ending))["status"], "failed", repr(ending))


class SyntaxErrors(unittest.TestCase):
    def test_python_position_and_wording(self):
        error = error_of("import asyncio\nloop = asyncio.get_event_loop()\nif loop\n    pass\n")
        self.assertEqual(error["type"], "ParseError")
        self.assertEqual((error["line"], error["column"]), (3, 8))
        self.assertIn(error["message"], ("expected ':'", "invalid syntax"))  # Python 3.10+ / 3.8, 3.9

    def test_column_counts_characters_not_bytes(self):
        error = error_of("import asyncio\nasyncio.get_event_loop()\nx = 'ééé' )\n")
        self.assertEqual((error["message"], error["line"], error["column"]), ("unmatched ')'", 3, 11))

    @unittest.skipIf(sys.version_info < (3, 10), "older Pythons say 'unexpected EOF while parsing'")
    def test_unclosed_bracket_points_at_the_bracket(self):
        error = error_of("import asyncio\nloop = asyncio.get_event_loop(\nx = 1\n")
        self.assertEqual((error["message"], error["line"], error["column"]), ("'(' was never closed", 2, 30))

    def test_no_position_inside_the_message(self):
        error = error_of("import asyncio\nasyncio.get_event_loop()\nx = 1 +\n")
        for noise in ("line", "column", "error at", "cannot parse"):
            self.assertNotIn(noise, error["message"])

    def test_without_a_position_there_is_no_line(self):
        error = error_of("import asyncio\nasyncio.get_event_loop()\nx = 1\x00\n")
        self.assertIn("null bytes", error["message"])
        self.assertNotIn("line", error)

    def test_libcst_position_when_python_accepts_the_file(self):
        # Stands for syntax Python knows but LibCST 1.0.1 does not: only LibCST's verdict is left.
        with mock.patch.object(request_handler, "_python_syntax_error", return_value=None):
            error = error_of("import asyncio\nloop = asyncio.get_event_loop()\nif loop\n    pass\n")
        self.assertTrue(error["message"].startswith("LibCST "), error["message"])
        self.assertNotIn("error at", error["message"])
        self.assertEqual((error["line"], error["column"]), (4, 5))  # where LibCST's parser gave up


class StillWorks(unittest.TestCase):
    def test_a_valid_file_transforms(self):
        result = answer(LEGACY)
        self.assertEqual(result["status"], "changed", result)
        self.assertIn("asyncio.run(main())", result["source"])
        self.assertNotIn("error", result)


def _transform_raising(error):
    def transform(module, ctx):
        raise error
    return Transform.from_module(types.SimpleNamespace(NAME="raiser", DESCRIPTION="test", TRIGGERS=("asyncio",),
                                           MIN_TARGET=(3, 7), ORDER=0, transform=transform))


class MemoryLimit(unittest.TestCase):
    def test_memory_error_names_the_ceiling(self):
        with mock.patch.dict(os.environ, {"LOOPSHIFT_MEMORY_LIMIT_MB": "300"}):
            result = answer(LEGACY, [_transform_raising(MemoryError())])
        self.assertEqual(result["error"], {"type": "MemoryLimit", "message": "the helper exceeded its memory "
                                           "ceiling of 300 MiB on this file (--memory-limit)"})

    def test_a_snippet_a_transform_cannot_parse_is_its_bug(self):
        import libcst
        try:
            libcst.parse_expression("(")
        except libcst.ParserSyntaxError as error:
            raised = error
        result = answer(LEGACY, [_transform_raising(raised)])
        self.assertEqual(result["error"]["type"], "TransformError")
        self.assertNotIn("line", result["error"])


def _transform_assigning(target):
    """A transform whose result is the file's first line and then `TARGET = x` (`1 = x`: a broken rewrite)."""
    def transform(module, ctx):
        import libcst
        line = libcst.SimpleStatementLine([libcst.Assign([libcst.AssignTarget(target)], libcst.Name("x"))])
        return module.with_changes(body=[module.body[0], line])
    return Transform.from_module(types.SimpleNamespace(NAME="breaker", DESCRIPTION="test", TRIGGERS=("asyncio",),
                                           MIN_TARGET=(3, 7), ORDER=0, transform=transform))


class ProducedCode(unittest.TestCase):
    def test_output_that_does_not_parse_is_the_transforms_failure(self):
        import libcst
        result = answer(LEGACY, [_transform_assigning(libcst.Integer("1"))])
        self.assertEqual(result["status"], "failed")
        self.assertEqual(result["error"]["type"], "TransformError")
        self.assertTrue(result["error"]["message"].startswith("a transform produced code that does not parse: "
                                                              "Syntax Error @ 2:"), result["error"])

    def test_output_that_parses_is_the_answer(self):
        import libcst
        result = answer(LEGACY, [_transform_assigning(libcst.Name("y"))])
        self.assertEqual((result["status"], result["source"]), ("changed", "import asyncio\ny = x\n"))

    def test_python_rejecting_the_output_leaves_the_verdict_to_libcst(self):
        with mock.patch.object(request_handler, "compile", create=True, side_effect=SyntaxError("newer syntax")):
            self.assertIsNone(request_handler.parse_error("x = 1\n"))
            self.assertIsNotNone(request_handler.parse_error("1 = x\n"))


if __name__ == "__main__":
    unittest.main()
