"""A thread's own function (loopshift_support/thread_entry.py): the body of a function that only ever runs as a
threading.Thread target, where set_event_loop(v) anchors P15 rule 8.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # loop_arg_sources, which adds python-helpers

import libcst as cst  # noqa: E402
from loop_arg_sources import analysed  # noqa: E402
from loopshift_support.analysis import FileAnalysis  # noqa: E402
from loopshift_support.thread_entry import thread_entry  # noqa: E402


class _Env:
    def __init__(self, source, taken):
        self.module, _, self.tree = analysed(source, set())
        module = self.module

        class Ctx:
            def analysis(self, mod, names):
                found = FileAnalysis.of(module, source, frozenset(names))
                found.taken_elsewhere = taken
                return found
        self.ctx = Ctx()
        self.ctx.source = source

    def parent_of(self, node):
        return self.tree.parent.get(id(node))


def entries(source, taken=None):
    """{function name: thread_entry(body)} for every def of the source."""
    env = _Env(source, taken)
    return {n.name.value: thread_entry(env, n.body) for n in env.tree.nodes if isinstance(n, cst.FunctionDef)}


HEAD = "import threading\n"


class ThreadEntry(unittest.TestCase):
    def test_private_function_and_method_targets(self):
        found = entries(HEAD + "def _work():\n    pass\n"
                        "class S:\n    def _serve(self):\n        pass\n"
                        "    def start(self):\n        threading.Thread(target=self._serve).start()\n"
                        "threading.Thread(target=_work).start()\n")
        self.assertEqual(found, {"_work": True, "_serve": True, "start": False})

    def test_public_function_needs_facts(self):
        source = HEAD + "def work():\n    pass\nthreading.Thread(target=work).start()\n"
        self.assertEqual(entries(source), {"work": False})
        self.assertEqual(entries(source, taken=frozenset()), {"work": True})
        self.assertEqual(entries(source, taken=frozenset({"work"})), {"work": False})

    def test_other_uses_decline(self):
        found = entries(HEAD + "def _called():\n    pass\n"
                        "def _gen():\n    yield 1\n"
                        "class S:\n    def _named(self):\n        pass\n    def serve(self):\n        pass\n"
                        "    def start(self):\n        getattr(self, '_named')\n"
                        "        for f in (self._named, self.serve):\n            threading.Thread(target=f)\n"
                        "threading.Thread(target=_called).start()\n_called()\n"
                        "threading.Thread(target=_gen).start()\n")
        self.assertEqual(found, {"_called": False, "_gen": False, "_named": False, "serve": False, "start": False})

    def test_a_thread_run_inline_declines(self):
        found = entries(HEAD + "def _work():\n    pass\nt = threading.Thread(target=_work)\nt.run()\n")
        self.assertEqual(found, {"_work": False})


if __name__ == "__main__":
    unittest.main()
