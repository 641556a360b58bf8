"""LS301's unsafe fix (loopshift_support/early_loop_proposal.py, proposed by explicit_loop; docs/SEMANTICS.md
P3b): which entry-path get_event_loop() calls blocked by earlier code get the loop made first, what the
result looks like, that it runs, and that a second run changes nothing.

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


async def work(n):
    await asyncio.sleep(0)
    return n
'''


def _ask(body, target="3.8", unsafe=True, head=_HEAD):
    source = head + textwrap.dedent(body)
    options = {"target": target, "unsafe": ["LS301"]} if unsafe else {"target": target}
    request = {"id": 1, "source": source, "transforms": ["explicit_loop"], "options": options}
    return source, handle_request(request, _TRANSFORMS)


def _proposals(answer):
    unsafe = answer.get("unsafe")
    return [c["code"] for c in unsafe["changes"] if c.get("applicability") == "unsafe"] if unsafe else []


def _again(text, target="3.8"):
    return handle_request({"id": 2, "source": text, "transforms": ["explicit_loop"],
                           "options": {"target": target, "unsafe": ["LS301"]}}, _TRANSFORMS)


class Proposed(unittest.TestCase):
    def test_main_guard_loop_made_before_the_readers(self):
        source, answer = _ask('''

            def schedule():
                return asyncio.ensure_future(work(1))


            if __name__ == "__main__":
                print("start")
                job = schedule()
                lock = asyncio.Lock()
                loop = asyncio.get_event_loop()
                print(loop.run_until_complete(job), job.get_loop() is loop if hasattr(job, "get_loop") else True)
            ''')
        self.assertEqual(answer["status"], "unchanged")
        self.assertEqual([d["code"] for d in answer["diagnostics"]], ["LS301"])
        self.assertEqual(_proposals(answer), ["LS301"])
        text = answer["unsafe"]["source"]
        self.assertIn('    print("start")\n    loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n'
                      '    job = schedule()\n', text)
        self.assertNotIn("get_event_loop", text)
        self.assertEqual(_run(text), "start\n1 True\n")
        again = _again(text)
        self.assertIn(again["status"], ("unchanged", "skipped"))
        self.assertIsNone(again.get("unsafe"))

    def test_entry_function_chained_takes_a_free_name(self):
        _source, answer = _ask('''

            def main():
                loop = None  # a name of the function's: the new variable must not clash
                job = asyncio.ensure_future(work(2))
                asyncio.get_event_loop().run_until_complete(job)
                print(job.result(), loop)


            if __name__ == "__main__":
                main()
            ''')
        text = answer["unsafe"]["source"]
        self.assertIn("    event_loop = asyncio.new_event_loop()\n    asyncio.set_event_loop(event_loop)\n"
                      "    job = asyncio.ensure_future(work(2))\n    event_loop.run_until_complete(job)\n", text)
        self.assertEqual(_run(text), "2 None\n")

    def test_from_import_and_annotation(self):
        _source, answer = _ask('''

            if __name__ == "__main__":
                job = ensure_future(work(3))
                loop: AbstractEventLoop = get_event_loop()
                print(loop.run_until_complete(job))
            ''', head=_HEAD.replace("import asyncio\n", "import asyncio\nfrom asyncio import AbstractEventLoop, "
                                    "ensure_future, get_event_loop\n"))
        text = answer["unsafe"]["source"]
        self.assertIn("    loop: AbstractEventLoop = asyncio.new_event_loop()\n    asyncio.set_event_loop(loop)\n"
                      "    job = ensure_future", text)
        self.assertNotIn("get_event_loop", text)
        self.assertEqual(_run(text), "3\n")

    def test_one_per_block(self):
        _source, answer = _ask('''

            if __name__ == "__main__":
                job = asyncio.ensure_future(work(4))
                loop = asyncio.get_event_loop()
                print(loop.run_until_complete(job))
                print(asyncio.get_event_loop() is loop)
            ''')
        self.assertEqual(_proposals(answer), ["LS301"])
        text = answer["unsafe"]["source"]
        self.assertEqual(text.count("new_event_loop()"), 1)
        self.assertEqual(_run(text), "4\nTrue\n")

    def test_not_asked_not_proposed(self):
        _source, answer = _ask('''

            if __name__ == "__main__":
                job = asyncio.ensure_future(work(5))
                loop = asyncio.get_event_loop()
                loop.run_until_complete(job)
            ''', unsafe=False)
        self.assertEqual((answer["status"], answer.get("unsafe")), ("unchanged", None))
        self.assertEqual([d["code"] for d in answer["diagnostics"]], ["LS301"])


class NotProposed(unittest.TestCase):
    CASES = {
        "asyncio.run earlier (runs and unsets a loop)": '''
            if __name__ == "__main__":
                asyncio.run(work(1))
                loop = asyncio.get_event_loop()
                loop.run_until_complete(work(2))
            ''',
        "set_event_loop earlier": '''
            if __name__ == "__main__":
                job = asyncio.ensure_future(work(1))
                asyncio.set_event_loop(None)
                loop = asyncio.get_event_loop()
                loop.run_until_complete(job)
            ''',
        "a loop run earlier": '''
            if __name__ == "__main__":
                other = asyncio.new_event_loop()
                other.run_until_complete(work(0))
                loop = asyncio.get_event_loop()
                loop.run_until_complete(work(1))
            ''',
        "code from outside the standard library earlier": '''
            import somelib
            if __name__ == "__main__":
                somelib.setup()
                loop = asyncio.get_event_loop()
                loop.run_until_complete(work(1))
            ''',
        "a policy earlier": '''
            class Policy(asyncio.DefaultEventLoopPolicy):
                pass
            if __name__ == "__main__":
                asyncio.set_event_loop_policy(Policy())
                job = asyncio.ensure_future(work(1))
                loop = asyncio.get_event_loop()
                loop.run_until_complete(job)
            ''',
        "a reader at import time": '''
            job = asyncio.ensure_future(work(1))
            if __name__ == "__main__":
                loop = asyncio.get_event_loop()
                loop.run_until_complete(job)
            ''',
        "the name is used before the site": '''
            def report():
                print(loop)
            if __name__ == "__main__":
                job = asyncio.ensure_future(work(1))
                report()
                loop = asyncio.get_event_loop()
                loop.run_until_complete(job)
            ''',
        "the site in a nested block": '''
            if __name__ == "__main__":
                job = asyncio.ensure_future(work(1))
                try:
                    loop = asyncio.get_event_loop()
                    loop.run_until_complete(job)
                finally:
                    pass
            ''',
        "a reader in a lambda": '''
            later = lambda: asyncio.ensure_future(work(1))
            if __name__ == "__main__":
                job = later()
                loop = asyncio.get_event_loop()
                loop.run_until_complete(job)
            ''',
        "a comment on the site's line": '''
            if __name__ == "__main__":
                job = asyncio.ensure_future(work(1))
                loop = asyncio.get_event_loop()  # the jobs' loop
                loop.run_until_complete(job)
            ''',
        "a suppression comment": '''
            if __name__ == "__main__":
                job = asyncio.ensure_future(work(1))
                loop = asyncio.get_event_loop()  # noqa: LS301
                loop.run_until_complete(job)
            ''',
        "an entry function called after a writer": '''
            def main():
                job = asyncio.ensure_future(work(1))
                loop = asyncio.get_event_loop()
                loop.run_until_complete(job)
            if __name__ == "__main__":
                asyncio.set_event_loop(asyncio.new_event_loop())
                main()
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
