"""get_event_loop() right after set_event_loop(x) on the entry path is x (loopshift_support/loop_after_set.py,
docs/SEMANTICS.md P3e): which sites qualify, and why the others do not.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_after_set import set_loop_name  # noqa: E402
from loopshift_support.loop_lifecycle import Lifecycle  # noqa: E402


def decide(body, before="", header="import asyncio\n"):
    """set_loop_name() for the last get_event_loop() of a main guard holding `body`."""
    source = header + before + "if __name__ == '__main__':\n" + "".join("    %s\n" % line for line in body)
    module = cst.parse_module(source)
    lc = Lifecycle.of(FileContext("<test>", source, (3, 9), module), module)
    site = lc.sites_of("asyncio.get_event_loop")[-1]
    entry, _ = lc.entry(site)
    return set_loop_name(lc, entry, site)


MADE = ["loop = asyncio.new_event_loop()", "asyncio.set_event_loop(loop)"]


class AfterSet(unittest.TestCase):
    def test_right_after_the_set(self):
        self.assertEqual(decide(MADE + ["asyncio.get_event_loop().run_forever()"]), ("loop", None))

    def test_harmless_code_between(self):
        before = "def banner():\n    return 'x'\n"
        self.assertEqual(decide(MADE + ["n = banner() + str(1)", "asyncio.get_event_loop()"], before),
                         ("loop", None))

    def test_no_set_before(self):
        self.assertEqual(decide(["asyncio.get_event_loop()"]), (None, None))

    def test_set_of_an_expression_is_not_named(self):
        self.assertEqual(decide(["asyncio.set_event_loop(asyncio.new_event_loop())", "asyncio.get_event_loop()"]),
                         (None, None))

    def test_a_statement_sharing_the_set_line_is_checked(self):
        name, why = decide(["loop = asyncio.new_event_loop()", "asyncio.set_event_loop(loop); loop.run_forever()",
                            "asyncio.get_event_loop()"])
        self.assertIsNone(name)

    def test_not_made_here_may_be_none(self):
        name, why = decide(["loop = make()", "asyncio.set_event_loop(loop)", "asyncio.get_event_loop()"])
        self.assertIsNone(name)
        self.assertIn("may be None", why)

    def test_rebound_later(self):
        name, why = decide(MADE + ["asyncio.get_event_loop()", "loop = None"])
        self.assertIsNone(name)
        self.assertIn("rebound", why)

    def test_global_in_a_function_rebinds(self):
        before = "def reset():\n    global loop\n    loop = None\n"
        name, why = decide(MADE + ["asyncio.get_event_loop()"], before)
        self.assertIn("rebound", why)

    def test_a_run_of_the_set_loop_between(self):
        """A run of x executes this file's code and the standard library's: when none of it may set a loop
        (no set_event_loop, policy, asyncio.run or Runner elsewhere, no import from outside the standard
        library, no dynamic import), x is still current after it."""
        runs = MADE + ["loop.run_until_complete(main())", "loop.run_forever()", "asyncio.get_event_loop()"]
        self.assertEqual(decide(runs, "async def main():\n    pass\n"), ("loop", None))
        blocked = (
            ("async def main():\n    asyncio.set_event_loop(asyncio.new_event_loop())\n", "run_until_complete"),
            ("async def main():\n    pass\ndef other():\n    asyncio.run(main())\n", "run_until_complete"),
            ("import somelib\nasync def main():\n    somelib.go()\n", "run_until_complete"),
            ("from . import helpers\nasync def main():\n    helpers.go()\n", "run_until_complete"),
            ("import importlib\nasync def main():\n    importlib.import_module('plugins')\n", "run_until_complete"),
            ("from plugins import *\nasync def main():\n    pass\n", "run_until_complete"),
            ("async def main():\n    asyncio.get_event_loop_policy().set_event_loop(None)\n", "run_until_complete"),
            ("async def main():\n    exec('pass')\n", None),
            ("async def main():\n    getattr(asyncio, 'set_event_loop')(None)\n", "run_until_complete"),
            # The standard library can run code the file does not show, or set loops itself (probe round 11).
            ("import unittest\nasync def main():\n    pass\n", "run_until_complete"),
            ("from importlib import util\nasync def main():\n    pass\n", "run_until_complete"),
            ("import importlib.util\nasync def main():\n    pass\n", "run_until_complete"),
            ("import runpy\nasync def main():\n    pass\n", "run_until_complete"),
            ("async def main():\n    exec(compile('x = 1', 'f', 'exec'))\n", None),
        )
        for before, word in blocked:
            name, why = decide(runs, before)
            self.assertIsNone(name, before)
            if word:
                self.assertIn(word, why, before)
        # A run of another loop between still blocks.
        name, why = decide(MADE + ["other = asyncio.new_event_loop()", "other.run_until_complete(main())",
                                   "asyncio.get_event_loop()"], "async def main():\n    pass\n")
        self.assertIsNone(name)

    def test_a_generator_entry_function_is_declined(self):
        source = ("import asyncio\ndef entry():\n    loop = asyncio.new_event_loop()\n"
                  "    asyncio.set_event_loop(loop)\n    yield asyncio.get_event_loop()\n"
                  "if __name__ == '__main__':\n    entry()\n")
        module = cst.parse_module(source)
        lc = Lifecycle.of(FileContext("<test>", source, (3, 9), module), module)
        site = lc.sites_of("asyncio.get_event_loop")[-1]
        entry, _ = lc.entry(site)
        name, why = set_loop_name(lc, entry, site)
        self.assertIn("generator", why)

    def test_an_import_between_blocks(self):
        name, why = decide(MADE + ["import json", "asyncio.get_event_loop()"])
        self.assertIn("import", why)

    def test_foreign_code_before_blocks(self):
        name, why = decide(["somelib.setup()"] + MADE + ["asyncio.get_event_loop()"],
                           header="import asyncio\nimport somelib\n")
        self.assertIn("somelib.setup()", why)

    def test_uvloop_policy_and_factory_do_not_block(self):
        body = ["asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())", "loop = uvloop.new_event_loop()",
                "asyncio.set_event_loop(loop)", "asyncio.get_event_loop()"]
        self.assertEqual(decide(body, header="import asyncio\nimport uvloop\n"), ("loop", None))

    def test_unknown_policy_anywhere_blocks(self):
        before = "async def main():\n    asyncio.set_event_loop_policy(Mine())\n"
        name, why = decide(MADE + ["asyncio.get_event_loop()"], before)
        self.assertIn("policy", why)

    def test_special_method_touching_the_loop_blocks(self):
        before = "class A:\n    def __add__(self, other):\n        asyncio.set_event_loop(None)\n"
        name, why = decide(["a = A()"] + MADE + ["a + a", "asyncio.get_event_loop()"], before)
        self.assertIn("special method", why)


if __name__ == "__main__":
    unittest.main()
