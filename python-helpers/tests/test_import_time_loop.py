"""LS803's unsafe fix (loopshift_support/import_time_loop.py, proposed by get_running_loop; docs/SEMANTICS.md P4):
which module-level loops get one, what the rewritten file looks like, and that a second run changes nothing.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import handle_request  # noqa: E402

_TRANSFORMS = load_transforms([os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "transforms")])
# An importable module no other project module takes anything from by name (src/project-model.ts FileFacts).
_ALONE = {"module": "clock", "isScript": False, "scriptOnly": False, "isImported": False, "importedWhole": False,
          "importedNames": [], "namedInStrings": 0}
_HEAD = '''\
import asyncio

loop = asyncio.get_event_loop()


async def tick():
    return loop.time()
'''


def _ask(body="", head=_HEAD, project=_ALONE, unsafe=True, target="3.8"):
    source = textwrap.dedent(head) + textwrap.dedent(body)
    options = {"target": target, "project": project} if project is not None else {"target": target}
    if unsafe:
        options["unsafe"] = ["LS803"]
    return handle_request({"id": 1, "source": source, "options": options}, _TRANSFORMS)


def _proposals(answer):
    unsafe = answer.get("unsafe")
    return [(c["line"], c["code"]) for c in unsafe["changes"] if c.get("applicability") == "unsafe"] if unsafe else []


class Proposed(unittest.TestCase):
    def test_the_line_goes_and_each_read_asks_for_the_running_loop(self):
        answer = _ask('''

            async def later(value):
                future = loop.create_future()
                loop.call_soon(future.set_result, value)
                return await future
        ''')
        self.assertEqual(_proposals(answer), [(3, "LS803")])
        text = answer["unsafe"]["source"]
        self.assertEqual(text, textwrap.dedent('''\
            import asyncio


            async def tick():
                return asyncio.get_running_loop().time()


            async def later(value):
                future = asyncio.get_running_loop().create_future()
                asyncio.get_running_loop().call_soon(future.set_result, value)
                return await future
        '''))
        self.assertEqual(answer["status"], "unchanged")  # nothing safe to do
        self.assertEqual(answer["unsafe"]["diagnostics"], [])
        again = handle_request({"id": 2, "source": text, "options": {"target": "3.8", "unsafe": True,
                                                                      "project": _ALONE}}, _TRANSFORMS)
        self.assertEqual((again["status"], again.get("unsafe")), ("unchanged", None))

    def test_a_from_import_takes_get_running_loop_and_comments_stay(self):
        answer = _ask(head='''\
            from asyncio import get_event_loop

            # the loop of the application
            loop = get_event_loop()


            async def tick():
                return loop.time()
        ''')
        text = answer["unsafe"]["source"]
        self.assertTrue(text.startswith("from asyncio import get_running_loop\n\n# the loop of the application\n"), text)
        self.assertIn("    return get_running_loop().time()\n", text)

    def test_the_answer_names_the_code_and_the_transform(self):
        change = [c for c in _ask()["unsafe"]["changes"] if c.get("applicability") == "unsafe"][0]
        self.assertEqual((change["transform"], change["code"]), ("get_running_loop", "LS803"))
        self.assertIn("module-level loop = get_event_loop()", change["description"])


class NotProposed(unittest.TestCase):
    def assertDeclined(self, body="", **options):
        self.assertEqual(_proposals(_ask()), [(3, "LS803")])  # the control
        self.assertEqual(_proposals(_ask(body, **options)), [])

    def test_without_project_facts_or_when_other_modules_may_read_it(self):
        self.assertDeclined(project=None)
        self.assertDeclined(project=dict(_ALONE, importedNames=["loop"]))
        self.assertDeclined(project=dict(_ALONE, importedNames=["*"]))
        self.assertDeclined(project=dict(_ALONE, importedWhole=True))
        self.assertDeclined(project=dict(_ALONE, namedInStrings=1))
        self.assertDeclined('''
            __all__ = ["loop", "tick"]
        ''')

    def test_read_outside_a_coroutines_own_body(self):
        self.assertDeclined('''

            def now():
                return loop.time()
        ''')
        self.assertDeclined('''

            async def later():
                return (lambda: loop.time())()
        ''')
        self.assertDeclined('''

            print(loop)
        ''')

    def test_bound_again_deleted_or_not_a_plain_line(self):
        self.assertDeclined('''

            async def rebinds():
                loop = None
                return loop
        ''')
        self.assertDeclined('''

            del loop
        ''')
        self.assertDeclined(head='''\
            import asyncio

            if True:
                loop = asyncio.get_event_loop()


            async def tick():
                return loop.time()
        ''')

    def test_import_time_code_that_makes_sets_or_runs_a_loop(self):
        self.assertDeclined('''

            asyncio.get_event_loop().run_until_complete(tick())
        ''')
        self.assertDeclined('''

            other = asyncio.new_event_loop()
        ''')
        self.assertDeclined('''

            ready = asyncio.Event()
        ''')

    def test_foreign_runners_policies_and_loop_libraries(self):
        self.assertDeclined('''

            import trio
        ''')
        self.assertDeclined('''

            import uvloop
        ''')
        self.assertDeclined('''

            asyncio.set_event_loop_policy(None)
        ''')

    def test_a_loop_handed_across_threads(self):
        self.assertDeclined('''

            async def from_a_worker_thread(callback):
                loop.call_soon_threadsafe(callback)
        ''')

    def test_a_suppression_comment_on_the_line_or_a_read(self):
        self.assertDeclined(head=_HEAD.replace("get_event_loop()", "get_event_loop()  # noqa: LS803"))
        self.assertDeclined(head=_HEAD.replace("loop.time()", "loop.time()  # noqa: LS803"))

    def test_script_code_is_not_import_time(self):
        answer = _ask(project=dict(_ALONE, scriptOnly=True))
        self.assertEqual(_proposals(answer), [])


if __name__ == "__main__":
    unittest.main()
