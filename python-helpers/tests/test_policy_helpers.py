"""`helper().get_event_loop()` through a function of this file that only returns
asyncio.get_event_loop_policy() is reported as the direct form is (loopshift_support/policy_uses.py,
docs/SEMANTICS.md P9, LS813).

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.analysis import FileAnalysis  # noqa: E402
from loopshift_support.loop_patterns import NAMES, Facts  # noqa: E402
from loopshift_support.walk import TreeIndex  # noqa: E402


def through_helpers(source, project=None):
    module = cst.parse_module(source)
    facts = Facts(module, FileAnalysis.of(module, source, NAMES), TreeIndex(module), project)
    return [detail.split("()")[0] for kind, _node, detail in facts.policy_uses(set())
            if kind == "api" and "that is" in detail]


HELPER = "import asyncio\ndef policy():\n    return asyncio.get_event_loop_policy()\n"


class ThroughHelpers(unittest.TestCase):
    def test_sync_and_async_uses(self):
        source = HELPER + "def a():\n    policy().get_event_loop()\nasync def b():\n    policy().get_event_loop()\n"
        self.assertEqual(through_helpers(source), ["policy", "policy"])

    def test_other_methods_and_arguments_are_not_this(self):
        source = HELPER + "def a():\n    policy().new_event_loop()\n    policy().get_event_loop(1)\n"
        self.assertEqual(through_helpers(source), [])

    def test_a_helper_doing_more_or_rebound_is_not_followed(self):
        more = ("import asyncio\ndef policy():\n    p = asyncio.get_event_loop_policy()\n    return p\n"
                "def a():\n    policy().get_event_loop()\n")
        self.assertEqual(through_helpers(more), [])
        rebound = HELPER + "policy = None\ndef a():\n    policy().get_event_loop()\n"
        self.assertEqual(through_helpers(rebound), [])

    def test_a_local_of_the_same_name_is_not_the_helper(self):
        source = HELPER + "def a(policy):\n    policy().get_event_loop()\n"
        self.assertEqual(through_helpers(source), [])


class ImportedHelpers(unittest.TestCase):
    """Another project module's helper, named by the driver's policyHelpers fact (src/project-model.ts)."""

    def test_taken_under_its_own_name(self):
        source = "from util import policy\ndef a():\n    policy().get_event_loop()\n"
        self.assertEqual(through_helpers(source, {"policyHelpers": ["policy"]}), ["policy"])
        self.assertEqual(through_helpers(source, {}), [])
        self.assertEqual(through_helpers(source), [])

    def test_an_alias_a_rebinding_or_a_local_is_not_it(self):
        facts = {"policyHelpers": ["policy"]}
        self.assertEqual(through_helpers("from util import policy as p\ndef a():\n    p().get_event_loop()\n", facts), [])
        rebound = "from util import policy\npolicy = make()\ndef a():\n    policy().get_event_loop()\n"
        self.assertEqual(through_helpers(rebound, facts), [])
        local = "from util import policy\ndef a(policy):\n    policy().get_event_loop()\n"
        self.assertEqual(through_helpers(local, facts), [])
        assigned = "policy = make()\ndef a():\n    policy().get_event_loop()\n"
        self.assertEqual(through_helpers(assigned, facts), [])


if __name__ == "__main__":
    unittest.main()
