"""`set_event_loop(new_event_loop())` + `x = get_event_loop()` in a thread target (loopshift_support/thread_loop.py,
docs/SEMANTICS.md P14a): the shapes rewritten, each condition that declines, and the edit.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import handle_request  # noqa: E402
from loopshift_support.edits import replace_nodes  # noqa: E402
from loopshift_support.loop_lifecycle import Lifecycle  # noqa: E402
from loopshift_support.thread_loop import rewrite, thread_loop  # noqa: E402

BODY = ["asyncio.set_event_loop(asyncio.new_event_loop())", "loop = asyncio.get_event_loop()",
        "loop.run_until_complete(job())", "loop.close()"]


def source(body=BODY, name="_worker", head="", tail="", header=""):
    return ("import asyncio\nimport threading\n" + header + "\n\nasync def job():\n    return 1\n\n\n"
            + head + "def %s():\n" % name + "".join("    %s\n" % line for line in body)
            + "\n\nthreading.Thread(target=%s).start()\n" % name + tail)


def answer(text, project=None):
    module = cst.parse_module(text)
    ctx = FileContext("<test>", text, (3, 8), module)
    ctx.project = project
    lc = Lifecycle.of(ctx, module)
    sites = [s for s in lc.sites_of("asyncio.get_event_loop") if s.call is not None]
    pair, why = thread_loop(lc, sites[0])
    return lc, module, sites[0], pair, why


class Rewritten(unittest.TestCase):
    def test_private_thread_target(self):
        _lc, module, site, pair, why = answer(source())
        self.assertIsNone(why)
        new = replace_nodes(module, rewrite(pair, site)).code
        self.assertIn("    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n    loop.run_until", new)

    def test_public_when_the_facts_say_no_module_imports_it(self):
        facts = {"importedWhole": False, "importedNames": ["other"]}
        self.assertIsNone(answer(source(name="worker"), facts)[4])

    def test_comments_and_loop_class_makers_stay(self):
        body = ["# own loop", "asyncio.set_event_loop(asyncio.SelectorEventLoop())  # made", BODY[1], BODY[2]]
        _lc, module, site, pair, why = answer(source(body))
        self.assertIsNone(why)
        new = replace_nodes(module, rewrite(pair, site)).code
        self.assertIn("    # own loop\n    loop = asyncio.SelectorEventLoop()  # made\n    asyncio.set_event_loop(loop)\n",
                      new)


class Declined(unittest.TestCase):
    def assertDeclined(self, text, words, project=None):
        pair, why = answer(text, project)[3:]
        self.assertIsNone(pair)
        self.assertIn(words, why or "")

    def test_who_calls_it(self):
        self.assertDeclined(source(name="worker"), "public")
        self.assertDeclined(source(name="worker"), "another project module",
                            {"importedWhole": False, "importedNames": ["worker"]})
        self.assertDeclined(source(name="worker"), "another project module", {"importedWhole": True, "importedNames": []})
        self.assertDeclined(source(tail="_worker()\n"), "not only ever a threading.Thread target")
        self.assertDeclined(source(head="@staticmethod\n"), "decorated")
        self.assertDeclined(source(BODY + ["yield"]), "generator")

    def test_the_name_could_be_seen_early(self):
        indented = ["try:"] + ["    " + line for line in BODY[:2]] + ["except TypeError:", "    return"]
        self.assertDeclined(source(indented), "a try or with")
        within = ["with open('f') as f:"] + ["    " + line for line in BODY[:2]]
        self.assertDeclined(source(within), "a try or with")
        self.assertDeclined(source(["global loop"] + BODY), "not a local")

    def test_the_policy(self):
        custom = "class P(asyncio.DefaultEventLoopPolicy):\n    def get_event_loop(self):\n        return 1\n"
        self.assertDeclined(source(tail=custom + "asyncio.set_event_loop_policy(P())\n"), "may install a policy")
        self.assertDeclined(source(header="import nest_asyncio\n"), "nest_asyncio")
        self.assertDeclined(source(header="import somelib\n", tail="somelib.setup()\n"), "code loopshift cannot see")
        plain = "asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())\n"
        self.assertIsNone(answer(source(tail=plain))[4])

    def test_a_comment_inside_a_call(self):
        body = ["asyncio.set_event_loop(asyncio.new_event_loop(  # here\n    ))"] + BODY[1:]
        self.assertDeclined(source(body), "comment")


class OtherShapes(unittest.TestCase):
    def test_not_the_pattern(self):
        for body in (["made = asyncio.new_event_loop()", "asyncio.set_event_loop(made)"] + BODY[1:],
                     [BODY[0], "print()"] + BODY[1:],
                     ["asyncio.set_event_loop(None)"] + BODY[1:],
                     [BODY[0], "loop = other = asyncio.get_event_loop()"],
                     [BODY[0], "self.loop = asyncio.get_event_loop()"]):
            with self.subTest(body=body):
                self.assertEqual(answer(source(body))[3:], (None, None))


class Reported(unittest.TestCase):
    """loop_diagnostics reports the shape when it is left (LS814), and nothing else after a set."""
    TRANSFORMS = load_transforms([os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), "transforms")])

    def codes(self, text, transforms):
        answer = handle_request({"id": 1, "source": text, "transforms": transforms, "options": {"target": "3.8"}},
                                self.TRANSFORMS)
        return answer, [d["code"] for d in answer["diagnostics"]]

    def test_left_alone_is_reported_with_the_reason(self):
        answer, codes = self.codes(source(name="worker"), ["explicit_loop", "loop_diagnostics"])
        self.assertEqual((answer["status"], codes), ("unchanged", ["LS814"]))
        self.assertIn("worker() is public", answer["diagnostics"][0]["message"])

    def test_rewritten_is_not_reported(self):
        answer, codes = self.codes(source(), ["explicit_loop", "loop_diagnostics"])
        self.assertEqual((answer["status"], codes), ("changed", []))
        _answer, codes = self.codes(source(), ["loop_diagnostics"])  # explicit_loop not selected: reported
        self.assertEqual(codes, ["LS814"])

    def test_other_calls_after_a_set_stay_silent(self):
        body = ["made = asyncio.new_event_loop()", "asyncio.set_event_loop(made)"] + BODY[1:]
        self.assertEqual(self.codes(source(body, name="worker"), ["explicit_loop", "loop_diagnostics"])[1], [])


if __name__ == "__main__":
    unittest.main()
