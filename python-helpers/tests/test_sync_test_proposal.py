"""LS805's unsafe fix (loopshift_support/sync_test_proposal.py, proposed by asyncio_run; docs/SEMANTICS.md P13):
which sync tests get asyncio.run(), what the rewritten file looks like, and that a second run changes nothing.
A file qualifies as a whole, so each declined shape is checked next to a test that alone would get one.

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

_HEAD = '''\
import asyncio

import pytest


async def answer(x=1):
    await asyncio.sleep(0)
    return 41 + x
'''
# A test that gets the proposal when nothing else in its file stops it.
_PROPOSED = '''

def test_plain():
    assert asyncio.get_event_loop().run_until_complete(answer()) == 42
'''


def _ask(body, target="3.8", unsafe=True, transforms=None):
    source = _HEAD + textwrap.dedent(body)
    options = {"target": target, "unsafe": ["LS805"]} if unsafe else {"target": target}
    request = {"id": 1, "source": source, "options": options}
    if transforms:
        request["transforms"] = transforms
    return source, handle_request(request, _TRANSFORMS)


def _proposals(answer):
    unsafe = answer.get("unsafe")
    return [(c["line"], c["code"]) for c in unsafe["changes"] if c.get("applicability") == "unsafe"] if unsafe else []


class Proposed(unittest.TestCase):
    def test_chained_variable_and_method_forms(self):
        source, answer = _ask('''

            def test_chained():
                assert asyncio.get_event_loop().run_until_complete(answer()) == 42


            def test_variable():
                loop = asyncio.get_event_loop()
                result = loop.run_until_complete(answer(2))
                assert result == 43


            class TestThings:
                """A plain pytest class."""
                size = 5

                def test_method(self):
                    with open(__file__):
                        assert asyncio.get_event_loop().run_until_complete(answer(-self.size)) == 36
        ''')
        self.assertEqual(_proposals(answer), [(12, "LS805"), (16, "LS805"), (27, "LS805")])
        text = answer["unsafe"]["source"]
        self.assertNotIn("get_event_loop", text)
        self.assertIn("    assert asyncio.run(answer()) == 42\n", text)
        self.assertIn("def test_variable():\n    result = asyncio.run(answer(2))\n", text)
        self.assertEqual(answer["status"], "unchanged")  # the safe run changes nothing
        self.assertEqual(answer["unsafe"]["diagnostics"], [])
        again = handle_request({"id": 2, "source": text, "options": {"target": "3.8", "unsafe": True}}, _TRANSFORMS)
        self.assertEqual((again["status"], again.get("unsafe")), ("unchanged", None))

    def test_from_import_goes_and_run_joins_it(self):
        source = textwrap.dedent('''\
            from asyncio import get_event_loop, sleep


            async def answer():
                await sleep(0)
                return 42


            def test_answer():
                loop = get_event_loop()
                assert loop.run_until_complete(answer()) == 42
        ''')
        answer = handle_request({"id": 1, "source": source, "options": {"target": "3.9", "unsafe": True}}, _TRANSFORMS)
        text = answer["unsafe"]["source"]
        self.assertEqual(text.splitlines()[0], "from asyncio import run, sleep")
        self.assertIn("    assert run(answer()) == 42\n", text)

    def test_the_answer_names_the_code_and_the_transform(self):
        _, answer = _ask(_PROPOSED)
        change = [c for c in answer["unsafe"]["changes"] if c.get("applicability") == "unsafe"][0]
        self.assertEqual((change["transform"], change["code"]), ("asyncio_run", "LS805"))
        self.assertIn("sync test test_plain()", change["description"])


class NotProposed(unittest.TestCase):
    def assertDeclined(self, body, **options):
        _, control = _ask(_PROPOSED)
        self.assertEqual(_proposals(control), [(12, "LS805")])
        _, answer = _ask(_PROPOSED + textwrap.dedent(body), **options)
        self.assertEqual(_proposals(answer), [])

    def test_target_3_7_where_asyncio_run_forces_debug_off(self):
        self.assertDeclined("", target="3.7")

    def test_not_asked(self):
        _, answer = _ask(_PROPOSED, unsafe=False)
        self.assertNotIn("unsafe", answer)

    def test_two_runs_in_one_test(self):
        self.assertDeclined('''

            def test_two():
                loop = asyncio.get_event_loop()
                loop.run_until_complete(answer())
                loop.run_until_complete(answer())
        ''')
        self.assertDeclined('''

            def test_two():
                asyncio.get_event_loop().run_until_complete(answer())
                asyncio.get_event_loop().run_until_complete(answer())
        ''')

    def test_a_run_that_repeats(self):
        self.assertDeclined('''

            def test_loop():
                for x in range(2):
                    asyncio.get_event_loop().run_until_complete(answer(x))
        ''')
        self.assertDeclined('''

            def test_comprehension():
                assert [asyncio.get_event_loop().run_until_complete(answer(x)) for x in range(2)]
        ''')

    def test_code_between_the_loop_and_its_run(self):
        self.assertDeclined('''

            def test_between():
                loop = asyncio.get_event_loop()
                x = 2
                loop.run_until_complete(answer(x))
        ''')

    def test_the_loop_used_otherwise(self):
        self.assertDeclined('''

            def test_close():
                loop = asyncio.get_event_loop()
                loop.run_until_complete(answer())
                loop.close()
        ''')
        self.assertDeclined('''

            def test_task():
                loop = asyncio.get_event_loop()
                loop.run_until_complete(loop.create_task(answer()))
        ''')

    def test_arguments_that_are_not_a_local_coroutine_call_with_plain_arguments(self):
        self.assertDeclined('''

            def test_gather():
                asyncio.get_event_loop().run_until_complete(asyncio.gather(answer()))
        ''')
        self.assertDeclined('''

            def test_argument_runs_code():
                asyncio.get_event_loop().run_until_complete(answer(int("1")))
        ''')

    def test_fixtures_parameters_decorators_generators(self):
        self.assertDeclined('''

            def test_with_fixture(tmp_path):
                asyncio.get_event_loop().run_until_complete(answer())
        ''')
        self.assertDeclined('''

            @pytest.mark.skip
            def test_decorated():
                asyncio.get_event_loop().run_until_complete(answer())
        ''')
        self.assertDeclined('''

            @pytest.fixture
            def value():
                return asyncio.get_event_loop().run_until_complete(answer())
        ''')

    def test_a_test_that_may_expect_the_warning_or_the_error(self):
        self.assertDeclined('''

            def test_warns():
                with pytest.warns(DeprecationWarning):
                    asyncio.get_event_loop().run_until_complete(answer())
        ''')
        self.assertDeclined('''

            def test_raises():
                with pytest.raises(RuntimeError):
                    asyncio.get_event_loop().run_until_complete(answer())
        ''')

    def test_a_test_the_file_calls_itself(self):
        self.assertDeclined('''

            def test_make():
                return asyncio.get_event_loop().run_until_complete(answer())


            def test_use():
                made = test_make()
                assert made == 42
        ''')
        self.assertDeclined('''

            class TestCalls:
                def test_one(self):
                    asyncio.get_event_loop().run_until_complete(answer())

                def test_two(self):
                    self.test_one()
        ''')

    def test_classes_that_may_hold_state(self):
        self.assertDeclined('''

            class TestHooks:
                def setup_method(self):
                    self.x = 1

                def test_method(self):
                    asyncio.get_event_loop().run_until_complete(answer(self.x))
        ''')
        self.assertDeclined('''

            class TestState:
                items = []

                def test_method(self):
                    asyncio.get_event_loop().run_until_complete(answer())
        ''')
        self.assertDeclined('''

            class TestBase(object):
                def test_method(self):
                    asyncio.get_event_loop().run_until_complete(answer())
        ''')

    def test_other_sync_code_on_the_current_loop(self):
        self.assertDeclined('''

            def helper():
                return asyncio.get_event_loop()
        ''')
        self.assertDeclined('''

            def test_future():
                asyncio.ensure_future(answer())
        ''')
        self.assertDeclined('''

            def test_queue():
                queue = asyncio.Queue()
        ''')

    def test_module_state_or_global_declarations(self):
        self.assertDeclined('''

            _cache = {}


            async def cached():
                _cache["x"] = 1
        ''')
        self.assertDeclined('''

            _client = None


            async def connect():
                global _client
                _client = object()
        ''')

    def test_policies_loop_libraries_and_suppressions(self):
        self.assertDeclined('''

            asyncio.set_event_loop_policy(None)
        ''')
        self.assertDeclined('''

            import uvloop
        ''')
        self.assertDeclined('''

            def test_kept():
                asyncio.get_event_loop().run_until_complete(answer())  # noqa: LS805
        ''')

    def test_a_loop_set_before_in_the_test(self):
        self.assertDeclined('''

            def test_set():
                asyncio.set_event_loop(asyncio.new_event_loop())
                asyncio.get_event_loop().run_until_complete(answer())
        ''')

    def test_unittest_tests_are_unittest_loops(self):
        body = '''

            import unittest


            class TestCaseTests(unittest.TestCase):
                def test_run(self):
                    loop = asyncio.get_event_loop()
                    loop.run_until_complete(answer())
        '''
        self.assertDeclined(body)
        _, alone = _ask(body, transforms=["asyncio_run", "loop_diagnostics"])  # LS805 here, still no proposal
        self.assertIn("LS805", [d["code"] for d in alone["diagnostics"]])
        self.assertEqual(_proposals(alone), [])


if __name__ == "__main__":
    unittest.main()
