"""The recognisers loop_diagnostics and get_running_loop read through loop_patterns.Facts: the threads of
a file and the loops handed to them (loop_threads.py, docs/SEMANTICS.md P13, P14), and the policy API
uses to report (policy_uses.py, B3, P9).

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_patterns import NAMES, Facts  # noqa: E402


def _facts(source):
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 9), module)
    return Facts(module, ctx.analysis(module, NAMES), ctx.tree(module))


class Threads(unittest.TestCase):
    SOURCE = ("import asyncio, threading\n"
              "def worker(loop):\n"
              "    loop.call_soon(print)\n"
              "def other():\n"
              "    pass\n"
              "class Job(threading.Thread):\n"
              "    def run(self):\n"
              "        pass\n"
              "async def main():\n"
              "    loop = asyncio.get_running_loop()\n"
              "    threading.Thread(target=worker, args=(loop,)).start()\n"
              "    await asyncio.to_thread(other)\n"
              "    threading.Thread(target=loop.run_forever).start()\n")

    def test_thread_starts_name_their_functions(self):
        facts = _facts(self.SOURCE)
        found = [(start.function.name.value if start.function is not None else None, start.offset)
                 for start in facts.thread_starts]
        self.assertEqual(found, [("run", 1), ("worker", 0), ("other", 0), (None, 0)])  # loop.run_forever: no def
        names = {node.name.value for node in facts.functions if id(node) in facts.thread_targets}
        self.assertEqual(names, {"worker", "other", "run"})

    def test_a_running_loop_driven_from_another_thread(self):
        facts = _facts(self.SOURCE)
        found = [(facts.module.code_for_node(node), loop, method) for node, loop, method in facts.handoffs()]
        self.assertEqual(found, [("loop.call_soon(print)", "loop", "call_soon"),
                                 ("loop.run_forever", "loop", "run_forever")])

    def test_a_loop_not_known_to_be_running_is_no_handoff(self):
        facts = _facts(self.SOURCE.replace("asyncio.get_running_loop()", "make_loop()"))
        self.assertEqual(list(facts.handoffs()), [])


class PolicyUses(unittest.TestCase):
    def test_overrides_installs_and_api_uses(self):
        facts = _facts("import asyncio, sys, uvloop\n"
                       "class Mine(asyncio.DefaultEventLoopPolicy):\n"
                       "    def get_event_loop(self):\n"
                       "        return None\n"
                       "asyncio.set_event_loop_policy(Mine())\n"
                       "class Uv(asyncio.DefaultEventLoopPolicy):\n"
                       "    _loop_factory = uvloop.Loop\n"
                       "asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())\n"
                       "asyncio.set_event_loop_policy(Uv())\n"
                       "asyncio.get_event_loop_policy().new_event_loop()\n"
                       "if sys.version_info < (3, 8):\n"
                       "    asyncio.get_event_loop_policy()\n"
                       "    asyncio.set_event_loop_policy(Uv())\n")
        found = [(kind, detail) for kind, _node, detail in facts.policy_uses(set())]
        self.assertEqual(found, [("override", "get_event_loop"), ("install", "Mine()"),
                                 ("api", "asyncio.DefaultEventLoopPolicy"), ("plain", "uvloop.EventLoopPolicy"),
                                 ("own", ("Uv", "uvloop.Loop")),
                                 ("api", "asyncio.get_event_loop_policy().new_event_loop()")])


if __name__ == "__main__":
    unittest.main()
