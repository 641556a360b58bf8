"""LS802's unsafe fix (loopshift_support/bridge_runner.py, proposed by runner; docs/SEMANTICS.md P2): which
sync bridges get one, what the rewritten file looks like, that the result runs, and that a second run
changes nothing.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import handle_request  # noqa: E402

_TRANSFORMS = load_transforms([os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "transforms")])

_HEAD = '''\
import asyncio


async def fetch(url):
    await asyncio.sleep(0)
    return url
'''


def _ask(body, target="3.11", transforms=_TRANSFORMS, unsafe=True):
    source = _HEAD + textwrap.dedent(body)
    options = {"target": target, "unsafe": ["LS802"]} if unsafe else {"target": target}
    return source, handle_request({"id": 1, "source": source, "options": options}, transforms)


def _proposals(answer):
    unsafe = answer.get("unsafe")
    return [c["code"] for c in unsafe["changes"] if c.get("applicability") == "unsafe"] if unsafe else []


class Proposed(unittest.TestCase):
    def test_chained_and_variable_forms_share_one_runner(self):
        source, answer = _ask('''

            def one(url):
                return asyncio.get_event_loop().run_until_complete(fetch(url))


            def many(urls):
                loop = asyncio.get_event_loop()
                return [loop.run_until_complete(fetch(url)) for url in urls]


            def demo():
                print(one("a"), many(["b", "c"]))
            ''')
        self.assertNotIn("source", answer)  # the safe text is the input
        self.assertEqual(_proposals(answer), ["LS802", "LS802"])
        text = answer["unsafe"]["source"]
        self.assertEqual(text.count("_sync_runner = None"), 1)
        self.assertIn("return _run_sync(fetch(url))", text)
        self.assertIn("return [_run_sync(fetch(url)) for url in urls]", text)
        self.assertNotIn("get_event_loop", text)
        self.assertIn("import atexit\nimport contextvars\n", text)
        self.assertIn("_sync_runner.run(coro, context=contextvars.copy_context())", text)
        again = handle_request({"id": 2, "source": text, "options": {"target": "3.11", "unsafe": True}},
                               _TRANSFORMS)
        self.assertEqual((again["status"], again.get("unsafe")), ("unchanged", None))
        self.assertEqual(_run(text + "demo()\n"), "a ['b', 'c']\n")

    def test_not_asked_not_proposed(self):
        source, answer = _ask('''

            def one(url):
                return asyncio.get_event_loop().run_until_complete(fetch(url))
            ''', unsafe=False)
        self.assertEqual((answer["status"], answer.get("unsafe")), ("unchanged", None))
        self.assertEqual([d["code"] for d in answer["diagnostics"]], ["LS802"])

    def test_suppressed_site_not_proposed(self):
        for comment in ("# noqa: LS802", "# loopshift: ignore[runner]"):
            _source, answer = _ask('''

                def one(url):
                    return asyncio.get_event_loop().run_until_complete(fetch(url))  %s
                ''' % comment)
            self.assertEqual(_proposals(answer), [], comment)

    def test_below_3_11_one_current_loop(self):
        _source, answer = _ask('''

            def one(url):
                return asyncio.get_event_loop().run_until_complete(fetch(url))


            async def which():
                return asyncio.get_running_loop()


            def where():
                return asyncio.get_event_loop().run_until_complete(which())


            def demo():
                print(one("a"), where() is asyncio.get_event_loop())
            ''', target="3.9")
        self.assertEqual(_proposals(answer), ["LS802", "LS802"])
        text = answer["unsafe"]["source"]
        self.assertIn("_sync_loop = asyncio.new_event_loop()\n        asyncio.set_event_loop(_sync_loop)", text)
        self.assertIn("return _sync_loop.run_until_complete(coro)", text)
        self.assertNotIn("contextvars", text)
        self.assertNotIn("Runner", text)
        self.assertEqual(_run(text + "demo()\n"), "a True\n")  # other sync code sees the bridge's loop
        again = handle_request({"id": 2, "source": text, "options": {"target": "3.9", "unsafe": ["LS802"]}}, _TRANSFORMS)
        self.assertEqual((again["status"], again.get("unsafe")), ("unchanged", None))

    def test_below_3_11_runner_only_proposes(self):
        """runner runs from 3.7 for this proposal alone: below 3.11 its Runner rewrite and LS4xx stay off."""
        entry = '''
            if __name__ == "__main__":
                loop = asyncio.new_event_loop()
                loop.run_until_complete(fetch("a"))
                loop.run_until_complete(fetch("b"))
                loop.close()
            '''
        for target, changed in (("3.7", False), ("3.10", False), ("3.11", True)):
            source = _HEAD + textwrap.dedent(entry)
            answer = handle_request({"id": 1, "source": source, "transforms": ["runner"], "options": {"target": target}},
                                    _TRANSFORMS)
            self.assertEqual(answer["status"] == "changed", changed, target)
            self.assertEqual([d["code"] for d in answer["diagnostics"]], [], target)


class NotProposed(unittest.TestCase):
    CASES = {
        "gather argument (R2)": '''
            def f(urls):
                return asyncio.get_event_loop().run_until_complete(asyncio.gather(*map(fetch, urls)))
            ''',
        "loop used for more than runs": '''
            def f(url):
                loop = asyncio.get_event_loop()
                loop.call_soon(print, "x")
                return loop.run_until_complete(fetch(url))
            ''',
        "run before the loop variable": '''
            def f(url, loop=None):
                if loop:
                    return loop.run_until_complete(fetch(url))
                loop = asyncio.get_event_loop()
                return loop.run_until_complete(fetch(url))
            ''',
        "locals() would lose the variable": '''
            def f(url):
                loop = asyncio.get_event_loop()
                print(locals())
                return loop.run_until_complete(fetch(url))
            ''',
        "thread target": '''
            import threading
            def f(url):
                return asyncio.get_event_loop().run_until_complete(fetch(url))
            threading.Thread(target=f, args=("u",))
            ''',
        "a test": '''
            def test_f():
                assert asyncio.get_event_loop().run_until_complete(fetch("u")) == "u"
            ''',
        "a loop library": '''
            import uvloop
            def f(url):
                return asyncio.get_event_loop().run_until_complete(fetch(url))
            ''',
        "a policy in the file": '''
            asyncio.set_event_loop_policy(None)
            def f(url):
                return asyncio.get_event_loop().run_until_complete(fetch(url))
            ''',
        "atexit is something else here": '''
            atexit = None
            def f(url):
                return asyncio.get_event_loop().run_until_complete(fetch(url))
            ''',
        "a nested def": '''
            def outer():
                def f(url):
                    return asyncio.get_event_loop().run_until_complete(fetch(url))
                return f
            ''',
    }

    def test_each_shape_gets_no_proposal(self):
        for why, body in self.CASES.items():
            source, answer = _ask(body)
            self.assertEqual(_proposals(answer), [], why)
            self.assertEqual(answer.get("source", source), source, why)


def _run(text) -> str:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(text)
    try:
        done = subprocess.run([sys.executable, "-X", "dev", "-W", "error::DeprecationWarning", handle.name],
                              capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(handle.name)
    if done.returncode or done.stderr:
        raise AssertionError(done.stderr)
    return done.stdout


if __name__ == "__main__":
    unittest.main()
