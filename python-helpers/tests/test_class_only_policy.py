"""A policy install that only chooses the loop class (uvloop's) is no earlier activity for explicit_loop's
P3b rewrite (loopshift_support/entry_path.py class_only_install, docs/SEMANTICS.md P3b); other
policies, and what else runs earlier, still block.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.entry_path import EVERYTHING  # noqa: E402
from loopshift_support.loop_lifecycle import Lifecycle  # noqa: E402


def blamed(before, body):
    """scan() with class-only installs exempt, for the main guard's get_event_loop() after `body`."""
    source = "import asyncio\nimport uvloop\nimport somelib\n" + before + "if __name__ == '__main__':\n" + "".join(
        "    %s\n" % line for line in body + ["loop = asyncio.get_event_loop()"])
    module = cst.parse_module(source)
    lc = Lifecycle.of(FileContext("<test>", source, (3, 9), module), module)
    site = lc.sites_of("asyncio.get_event_loop")[-1]
    entry, _ = lc.entry(site)
    return lc.scan(entry, lc.line_of(site.call), -1, EVERYTHING, inner=site.call, skip=(site.expr,),
                   exempt=lc.class_only_install)


class ClassOnlyInstall(unittest.TestCase):
    def test_uvloop_policy_installs_do_not_block(self):
        self.assertIsNone(blamed("", ["uvloop.install()"]))
        self.assertIsNone(blamed("", ["asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())"]))

    def test_in_a_helper_of_this_file(self):
        helper = "def setup():\n    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())\n"
        self.assertIsNone(blamed(helper, ["setup()"]))

    def test_other_policies_and_activities_still_block(self):
        self.assertEqual(blamed("", ["asyncio.set_event_loop_policy(somelib.Policy())"])[0], "unknown")
        self.assertEqual(blamed("", ["uvloop.install()", "asyncio.new_event_loop()"])[0], "set")
        self.assertEqual(blamed("", ["asyncio.get_event_loop_policy().get_event_loop()"])[0], "get")

    def test_a_helper_doing_more_still_blocks(self):
        helper = "def setup():\n    uvloop.install()\n    somelib.start()\n"
        self.assertEqual(blamed(helper, ["setup()"])[0], "unknown")


if __name__ == "__main__":
    unittest.main()
