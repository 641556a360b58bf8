"""What may reach a loop after the scope close_loop would close it in (loopshift_support/after_scope.py,
docs/SEMANTICS.md P11, B4, P14): values made with the loop used elsewhere, and code that may read the
thread's current loop later.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.after_scope import current_loop_risk, used_outside  # noqa: E402
from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_runs import READS_CURRENT  # noqa: E402
from loopshift_support.loop_variable import LoopVariable, assigned_name  # noqa: E402

WATCHED = frozenset({"new_event_loop", "set_event_loop", "Thread", "loop"} | READS_CURRENT)


def _scope(source):
    """(ctx, module, analysis, variable, creation site, block) for the source's one `loop = new_event_loop()`."""
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 9), module)
    analysis = ctx.analysis(module, WATCHED)
    tree = ctx.tree(module)
    creation = next(s for s in analysis.sites if s.terminal == "new_event_loop" and s.call is not None)
    name = assigned_name(lambda node: tree.parent.get(id(node)), creation.call)
    own = analysis.module if creation.frame.kind == "module" else creation.frame.node
    variable = LoopVariable(analysis, tree, name, own)
    _, _, block = variable.creation(creation.call)
    return ctx, module, analysis, variable, creation, block


class UsedOutside(unittest.TestCase):
    def test_a_nested_function_of_a_def_mentions_the_value(self):
        ctx, module, analysis, variable, creation, block = _scope(
            "import asyncio\n"
            "def main():\n"
            "    loop = asyncio.new_event_loop()\n"
            "    task = loop.create_task(work())\n"
            "    def later():\n"
            "        return task\n"
            "    loop.run_until_complete(task)\n")
        found = used_outside(ctx, module, analysis, variable, creation.frame, block, {"task"}, WATCHED)
        self.assertIsInstance(found, cst.Name)
        self.assertEqual(found.value, "task")
        self.assertIsNone(used_outside(ctx, module, analysis, variable, creation.frame, block, set(), WATCHED))

    def test_a_main_guard_global_read_after_the_guard_block(self):
        source = ("import asyncio\n"
                  'if __name__ == "__main__":\n'
                  "    loop = asyncio.new_event_loop()\n"
                  "    result = loop.run_until_complete(work())\n"
                  "def report():\n"
                  "    print(result)\n")
        ctx, module, analysis, variable, creation, block = _scope(source)
        found = used_outside(ctx, module, analysis, variable, creation.frame, block, {"result"}, WATCHED)
        self.assertEqual(module.code_for_node(found), "result")
        span = ctx.tree(module).span
        self.assertGreaterEqual(span[id(found)][0], span[id(block)][1])  # in report(), after the guard


class CurrentLoopRisk(unittest.TestCase):
    SET_AND_RUN = ("    loop = asyncio.new_event_loop()\n"
                   "    asyncio.set_event_loop(loop)\n"
                   "    loop.run_until_complete(work())\n")

    def _risk(self, source):
        ctx, module, analysis, variable, creation, block = _scope(source)
        return current_loop_risk(analysis, module, variable, creation.frame, block, 2)

    def test_the_last_statement_of_a_script_is_safe(self):
        self.assertIsNone(self._risk('import asyncio\nif __name__ == "__main__":\n' + self.SET_AND_RUN))

    def test_code_after_the_main_guard(self):
        self.assertEqual(self._risk('import asyncio\nif __name__ == "__main__":\n' + self.SET_AND_RUN + "x = 1\n"),
                         "code follows the main guard")

    def test_a_function_callers_may_read_it(self):
        self.assertEqual(self._risk("import asyncio\ndef main():\n" + self.SET_AND_RUN),
                         "callers of main() may use the current loop")

    def test_a_thread_target_ends_with_its_thread(self):
        self.assertIsNone(self._risk("import asyncio, threading\ndef main():\n" + self.SET_AND_RUN
                                     + "threading.Thread(target=main).start()\n"))

    def test_the_entry_function_called_last(self):
        source = "import asyncio\ndef main():\n" + self.SET_AND_RUN + 'if __name__ == "__main__":\n    main()\n'
        self.assertIsNone(self._risk(source))
        self.assertEqual(self._risk(source + "    print('done')\n"), "the main guard does more after calling main()")

    def test_other_sync_code_reads_the_current_loop(self):
        self.assertEqual(self._risk("import asyncio, threading\ndef main():\n" + self.SET_AND_RUN
                                    + "threading.Thread(target=main).start()\n"
                                    + "def other():\n    asyncio.get_event_loop()\n"),
                         "other sync code in this file reads the current loop")


if __name__ == "__main__":
    unittest.main()
