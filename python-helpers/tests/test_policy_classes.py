"""A policy class of this file that only chooses the loop class (loopshift_support/policy_classes.py,
docs/SEMANTICS.md P3b): installed before an entry-point get_event_loop(), it does not block explicit_loop;
any class that does more still does.

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

# A loop class whose own code touches the loop: naming it in the policy's body runs none of it.
LOOP = ("class MyLoop(asyncio.SelectorEventLoop):\n    def run_forever(self):\n        asyncio.set_event_loop(self)\n"
        "        return super().run_forever()\n")


def lifecycle(source):
    module = cst.parse_module(source)
    return Lifecycle.of(FileContext("<test>", source, (3, 8), module), module)


def policies(policy, imports="import asyncio\n", after=""):
    return lifecycle(imports + LOOP + policy + after).loop_class_policies()


def blamed(policy, install="asyncio.set_event_loop_policy(MyPolicy())", after=""):
    """What scan() finds before the main guard's get_event_loop(), with explicit_loop's exemption."""
    source = ("import asyncio\n" + LOOP + policy + after + "if __name__ == '__main__':\n    %s\n"
              "    loop = asyncio.get_event_loop()\n" % install)
    lc = lifecycle(source)
    site = lc.sites_of("asyncio.get_event_loop")[-1]
    entry, _ = lc.entry(site)
    return lc.scan(entry, lc.line_of(site.call), -1, EVERYTHING, inner=site.call, skip=(site.expr,),
                   exempt=lc.class_only_install)


class Shapes(unittest.TestCase):
    def test_only_the_loop_factory(self):
        self.assertEqual(policies("class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n"),
                         {"MyPolicy"})
        docstring = 'class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    """Doc."""\n\n    _loop_factory = MyLoop\n'
        self.assertEqual(policies(docstring), {"MyPolicy"})

    def test_other_default_bases_and_spellings(self):
        self.assertEqual(policies("class MyPolicy(events.BaseDefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n",
                                  imports="import asyncio\nfrom asyncio import events\n"), {"MyPolicy"})
        self.assertEqual(policies("class MyPolicy(DefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n",
                                  imports="import asyncio\nfrom asyncio import DefaultEventLoopPolicy\n"), {"MyPolicy"})
        self.assertEqual(policies("class MyPolicy(asyncio.WindowsSelectorEventLoopPolicy):\n"
                                  "    _loop_factory = asyncio.SelectorEventLoop\n"), {"MyPolicy"})

    def test_anything_more_does_not_count(self):
        shapes = [
            # its methods raise NotImplementedError
            "class MyPolicy(asyncio.AbstractEventLoopPolicy):\n    _loop_factory = MyLoop\n",
            "class MyPolicy(object):\n    _loop_factory = MyLoop\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy, object):\n    _loop_factory = MyLoop\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy, metaclass=type):\n    _loop_factory = MyLoop\n",
            "@decorate\nclass MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n"
            "    def get_event_loop(self):\n        return super().get_event_loop()\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n    calls = 0\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = make_loop_class()\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = staticmethod(MyLoop)\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    pass\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory: type = MyLoop\n",
            "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = new_event_loop = MyLoop\n",
        ]
        for shape in shapes:
            with self.subTest(shape=shape):
                self.assertEqual(policies(shape), frozenset())

    def test_changed_or_rebound_elsewhere_does_not_count(self):
        policy = "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n"
        for after in ("MyPolicy.get_event_loop = lambda self: None\n", "setattr(MyPolicy, 'x', 1)\n",
                      "MyPolicy = object\n", "print(MyPolicy._loop_factory)\n"):
            with self.subTest(after=after):
                self.assertEqual(policies(policy, after=after), frozenset())
        nested = "def f():\n    class MyPolicy(asyncio.DefaultEventLoopPolicy):\n        _loop_factory = MyLoop\n"
        self.assertEqual(policies(nested), frozenset())


class Installed(unittest.TestCase):
    POLICY = "class MyPolicy(asyncio.DefaultEventLoopPolicy):\n    _loop_factory = MyLoop\n"

    def test_install_is_no_earlier_activity(self):
        self.assertIsNone(blamed(self.POLICY))

    def test_a_policy_doing_more_still_blocks(self):
        more = self.POLICY + "    def get_event_loop(self):\n        return self.new_event_loop()\n"
        self.assertIsNotNone(blamed(more))
        self.assertIsNotNone(blamed(self.POLICY, after="MyPolicy.get_event_loop = None\n"))

    def test_arguments_or_other_calls_still_block(self):
        self.assertEqual(blamed(self.POLICY, install="asyncio.set_event_loop_policy(MyPolicy(1))")[0], "policy")
        self.assertEqual(blamed(self.POLICY, install="MyLoop()")[0], "set")


if __name__ == "__main__":
    unittest.main()
