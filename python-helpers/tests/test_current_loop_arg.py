"""P15 rule 8 (loopshift_support/current_loop_arg.py): `loop=v` right after `v = get_event_loop()`, or after
`set_event_loop(v)` in entry code, with nothing between that can change the current loop.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loop_arg_sources, which adds python-helpers

from loop_arg_sources import analysed, has_loop_keyword  # noqa: E402
from loopshift_support.analysis import FileAnalysis  # noqa: E402
from loopshift_support.current_loop_arg import current_loop  # noqa: E402
from loopshift_support.loop_args import loop_attribute_hooks  # noqa: E402



class _Env:
    def __init__(self, module, analysis, tree, source):
        self.module, self.analysis, self.tree = module, analysis, tree
        self.attribute_hooks = loop_attribute_hooks(tree.nodes)
        def whole(_self, mod, names):  # thread_entry's analysis: no project facts
            found = FileAnalysis.of(module, source, frozenset(names))
            found.taken_elsewhere = None
            return found
        self.ctx = type("Ctx", (), {"source": source, "analysis": whole, "project": None})()

    def parent_of(self, node):
        return self.tree.parent.get(id(node))


def verdicts(source):
    """[(why, why not)] for each call with loop= of the file, in source order."""
    module, analysis, tree = analysed(source, {"Queue", "Lock", "gather", "shield", "sleep", "get_event_loop",
                                               "set_event_loop"})
    env = _Env(module, analysis, tree, source)
    out = []
    for site in analysis.sites:
        if site.call is None or not has_loop_keyword(site.call):
            continue
        value = next(a.value for a in site.call.args if a.keyword is not None and a.keyword.value == "loop")
        name = site.terminal
        out.append(current_loop(site, value, name, env, site.frame.scopes()))
    return out


class CurrentLoop(unittest.TestCase):
    def test_right_after_get_event_loop_with_inert_code_between(self):
        [(q, _), (g, _)] = verdicts(
            "import asyncio\n"
            "async def work(q):\n    pass\n"
            "def run():\n"
            "    loop = asyncio.get_event_loop()\n"
            "    n = 2\n"
            "    q = asyncio.Queue(maxsize=n, loop=loop)\n"
            "    return loop.run_until_complete(asyncio.gather(work(q), loop=loop))[0]\n")
        self.assertIn("get_event_loop() returned", q)
        self.assertIn("get_event_loop() returned", g)

    def test_special_methods_of_the_file_decline_when_code_runs_between(self):
        """A dict display hashes its keys, a rebinding may finalise an object: a special method of the file may
        set another loop there (probe round 12, B p09, p43)."""
        head = "import asyncio\nclass Key:\n    def __hash__(self):\n        return 1\n"
        [(why, why_not)] = verdicts(head + "def run(k):\n    loop = asyncio.get_event_loop()\n    d = {k: 1}\n"
                                           "    return asyncio.Lock(loop=loop)\n")
        self.assertIsNone(why)
        self.assertIn("special methods", why_not)
        [(why, _)] = verdicts(head + "def run():\n    loop = asyncio.get_event_loop()\n    return asyncio.Lock(loop=loop)\n")
        self.assertIn("get_event_loop() returned", why)  # nothing between: nothing runs

    def test_set_event_loop_counts_in_entry_code_only(self):
        [(guard, _), (plain, why)] = verdicts(
            "import asyncio\n"
            "if __name__ == '__main__':\n"
            "    loop = asyncio.new_event_loop()\n"
            "    asyncio.set_event_loop(loop)\n"
            "    lock = asyncio.Lock(loop=loop)\n"
            "def f(loop):\n"
            "    asyncio.set_event_loop(loop)\n"
            "    return asyncio.Lock(loop=loop)\n")
        self.assertIn("set_event_loop(loop)", guard)
        self.assertEqual((plain, why), (None, None))

    def test_a_patched_getter_declines(self):
        for patch in ("from unittest import mock\nP = mock.patch('asyncio.get_event_loop')\n",
                      "asyncio.get_event_loop = lambda: None\n"):
            [(why, why_not)] = verdicts("import asyncio\n" + patch + "def run():\n"
                                        "    loop = asyncio.get_event_loop()\n    return asyncio.Queue(loop=loop)\n")
            self.assertIsNone(why)
            self.assertIn("patches get_event_loop", why_not)

    def test_what_may_change_the_loop_between(self):
        results = verdicts(
            "import asyncio\n"
            "def helper():\n    pass\n"
            "def a():\n    loop = asyncio.get_event_loop()\n    helper()\n    return asyncio.Queue(loop=loop)\n"
            "def b(o):\n    loop = asyncio.get_event_loop()\n    loop = o\n    return asyncio.Queue(loop=loop)\n"
            "def c(o):\n    loop = asyncio.get_event_loop()\n    x = o.y + 1\n    return asyncio.Queue(loop=loop)\n"
            "def d():\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(helper(), loop=loop)\n"
            "def e():\n    loop = asyncio.get_event_loop()\n    return asyncio.sleep(0, loop=loop)\n")
        self.assertEqual([r[0] for r in results], [None] * 5)
        self.assertIn("helper() may run code", results[0][1])
        self.assertIn("rebound", results[1][1])
        self.assertIn("BinaryOperation", results[2][1])
        self.assertIn("helper() may run code", results[3][1])
        self.assertEqual(results[4], (None, None))  # sleep takes no loop when called: not this rule's

    def test_a_policy_install_in_the_file_declines(self):
        [(ok, why)] = verdicts(
            "import asyncio\n"
            "asyncio.set_event_loop_policy(None)\n"
            "def f():\n    loop = asyncio.get_event_loop()\n    return asyncio.Queue(loop=loop)\n")
        self.assertIsNone(ok)
        self.assertIn("policy", why)

    def test_deferred_code_has_no_anchor(self):
        results = verdicts(
            "import asyncio\n"
            "def f():\n"
            "    loop = asyncio.get_event_loop()\n"
            "    make = lambda: asyncio.Queue(loop=loop)\n"
            "    qs = [asyncio.Queue(loop=loop) for _ in range(2)]\n")
        self.assertEqual(results, [(None, None), (None, None)])


    def test_an_enclosing_call_whose_function_runs_code_first(self):
        # The function of an enclosing call is evaluated before the call's arguments (probe W1, W1b).
        results = verdicts(
            "import asyncio\n"
            "def runner(loop):\n    asyncio.set_event_loop(None)\n    return loop.run_until_complete\n"
            "async def one():\n    return 1\n"
            "def a():\n    loop = asyncio.get_event_loop()\n    return runner(loop)(asyncio.gather(one(), loop=loop))\n"
            "def b(modes):\n    loop = asyncio.get_event_loop()\n    return modes[runner(loop)](asyncio.gather(one(), loop=loop))\n"
            "def c(run):\n    loop = asyncio.get_event_loop()\n    return run(asyncio.gather(one(), loop=loop))\n")
        self.assertEqual([r[0] for r in results[:2]], [None, None])
        self.assertIn("runner() may run code", results[0][1])
        self.assertIn("get_event_loop() returned", results[2][0])

    def test_a_descriptor_of_the_file_may_serve_any_attribute(self):
        # A class with __get__ (a lazy attribute) runs code on an attribute read (probe W2).
        [(ok, why)] = verdicts(
            "import asyncio\n"
            "class lazy:\n    def __init__(self, fn):\n        self.fn = fn\n"
            "    def __get__(self, obj, cls):\n        return self.fn(obj)\n"
            "def f(w):\n    loop = asyncio.get_event_loop()\n    side = w.private_loop\n"
            "    return asyncio.Queue(loop=loop)\n")
        self.assertIsNone(ok)
        self.assertIn(".private_loop may run", why)

    def test_comprehensions_over_displays_and_unpacked_lists(self):
        results = verdicts(
            "import asyncio\n"
            "ROWS = ['a', 'b']\n"
            "async def t(r):\n    return r\n"
            "def helper(r):\n    return r\n"
            "def ok():\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(*[t(r) for r in ROWS], loop=loop)\n"
            "def ok2():\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(*[t(a) for a, b in [(1, 2)] if a], loop=loop)\n"
            "def calls(xs):\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(*[helper(r) for r in ROWS], loop=loop)\n"
            "def param(xs):\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(*[t(r) for r in xs], loop=loop)\n"
            "def star(xs):\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(*xs, loop=loop)\n")
        self.assertIn("get_event_loop() returned", results[0][0])
        self.assertIsNone(results[1][0])  # unpacking calls each item's __iter__, a filter its __bool__
        self.assertIn("unpacking each item may run code", results[1][1])
        self.assertIn("helper() may run code", results[2][1])
        self.assertIn("iterating xs may run code", results[3][1])
        self.assertIn("unpacking", results[4][1])
        [(filtered, why), (starred, why2)] = verdicts(
            "import asyncio\nfrom settings import *\nROWS = ['a']\nasync def t(r):\n    return r\n"
            "def f():\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(*[t(r) for r in ROWS if r], loop=loop)\n"
            "def g():\n    loop = asyncio.get_event_loop()\n    return asyncio.gather(*[t(r) for r in ROWS], loop=loop)\n")
        self.assertIn("a filter calls", why)
        self.assertIn("iterating ROWS may run code", why2)  # the star import may rebind ROWS


if __name__ == "__main__":
    unittest.main()
