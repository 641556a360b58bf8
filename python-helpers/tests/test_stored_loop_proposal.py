"""LS804's unsafe fix (loopshift_support/stored_loop_proposal.py, proposed by get_running_loop; docs/SEMANTICS.md
P5): which stored loops get one, what the rewritten file looks like, that it runs as before when the objects
are made under the loop that uses them, and that a second run changes nothing.

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

_TRANSFORMS = [t for t in load_transforms([os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "transforms")]) if t.name == "get_running_loop"]

# A class of the usual shape: a loop=None fallback stored, used by the coroutine methods.
_CLIENT = '''\
import asyncio


class Client:
    def __init__(self, url, loop=None):
        self.url = url
        self._loop = loop or asyncio.get_event_loop()

    async def fetch(self):
        future = self._loop.create_future()
        self._loop.call_soon(future.set_result, self.url)
        return await future
'''


def _ask(source, unsafe=("LS804",), project=None):
    options = {"target": "3.7"}
    if unsafe:
        options["unsafe"] = list(unsafe)
    if project:
        options["project"] = project
    return handle_request({"id": 1, "source": textwrap.dedent(source), "options": options}, _TRANSFORMS)


def _proposed(answer):
    """(the text with the proposals, their descriptions), or (None, []) when nothing is proposed."""
    unsafe = answer.get("unsafe")
    if not unsafe:
        return None, []
    return unsafe["source"], [c["description"] for c in unsafe["changes"] if c.get("applicability") == "unsafe"]


class Proposed(unittest.TestCase):
    def test_loop_none_fallback_keeps_an_explicit_loop(self):
        text, descriptions = _proposed(_ask(_CLIENT))
        self.assertIn("        self._loop = loop\n", text)
        self.assertIn("future = (self._loop or asyncio.get_running_loop()).create_future()", text)
        self.assertIn("(self._loop or asyncio.get_running_loop()).call_soon(future.set_result, self.url)", text)
        self.assertNotIn("get_event_loop", text)
        self.assertEqual(len(descriptions), 1)
        self.assertIn("self._loop in Client.__init__()", descriptions[0])
        self.assertIn("a loop passed as loop= is still used", descriptions[0])

    def test_plain_store_goes_and_reads_take_the_running_loop(self):
        text, _ = _proposed(_ask('''\
            import asyncio


            class Worker:
                def __init__(self):
                    self._loop = asyncio.get_event_loop()

                async def work(self, function):
                    loop = self._loop
                    return await self._loop.run_in_executor(None, function), loop
            '''))
        self.assertIn("    def __init__(self):\n        pass\n", text)
        self.assertIn("        loop = asyncio.get_running_loop()\n", text)
        self.assertIn("await asyncio.get_running_loop().run_in_executor(None, function)", text)

    def test_the_fallback_forms(self):
        for init, kept in (
                ("self._loop = loop if loop is not None else asyncio.get_event_loop()", "self._loop = loop"),
                ("self._loop = asyncio.get_event_loop() if loop is None else loop", "self._loop = loop"),
                ("if loop is None:\n            loop = asyncio.get_event_loop()\n        self._loop = loop",
                 "self._loop = loop"),
                ("loop = loop or asyncio.get_event_loop()\n        self._loop = loop", "self._loop = loop")):
            with self.subTest(init=init):
                source = "import asyncio\n\n\nclass C:\n    def __init__(self, loop=None):\n        %s\n\n" \
                         "    async def now(self):\n        return self._loop.time()\n" % init
                text, descriptions = _proposed(_ask(source))
                self.assertEqual(text, "import asyncio\n\n\nclass C:\n    def __init__(self, loop=None):\n        %s\n\n"
                                       "    async def now(self):\n        return (self._loop or asyncio.get_running_loop())"
                                       ".time()\n" % kept)
                self.assertEqual(len(descriptions), 1)

    def test_an_argument_or_a_value_needs_no_parentheses(self):
        text, _ = _proposed(_ask(_CLIENT + '''
    async def wait(self, future):
        loop = self._loop
        return await asyncio.wait_for(future, 1, loop=self._loop), loop
'''))
        self.assertIn("        loop = self._loop or asyncio.get_running_loop()\n", text)
        # A loop= argument gets the running loop itself, which drop_loop_arg then drops (probe round 12, B G).
        self.assertIn("loop=asyncio.get_running_loop()), loop", text)

    def test_from_import_gets_get_running_loop(self):
        text, _ = _proposed(_ask('''\
            from asyncio import get_event_loop


            class Worker:
                def __init__(self):
                    self.__loop = get_event_loop()

                async def now(self):
                    return self.__loop.time()
            '''))
        self.assertTrue(text.startswith("from asyncio import get_running_loop\n"), text)
        self.assertIn("return get_running_loop().time()", text)

    def test_another_class_may_have_its_own_attribute_of_that_name(self):
        _, descriptions = _proposed(_ask(_CLIENT + '''

class Pool:
    def __init__(self, loop):
        self._loop = loop

    def now(self):
        return self._loop.time()
'''))
        self.assertEqual(len(descriptions), 1)

    def test_runs_as_before_when_made_under_the_loop_and_second_run_changes_nothing(self):
        source = _CLIENT + '''

async def main():
    running = asyncio.get_running_loop()
    print(await Client("a").fetch(), await Client("b", loop=running).fetch())


asyncio.run(main())
'''
        text, _ = _proposed(_ask(source))
        outputs = []
        with tempfile.TemporaryDirectory() as folder:
            for name, body in (("before.py", source), ("after.py", text)):
                path = os.path.join(folder, name)
                with open(path, "w") as handle:
                    handle.write(body)
                run = subprocess.run([sys.executable, "-X", "dev", "-W", "error::DeprecationWarning", path],
                                     capture_output=True, text=True, timeout=60)
                self.assertEqual(run.stderr, "")
                outputs.append(run.stdout)
        self.assertEqual(outputs, ["a b\n", "a b\n"])
        again = _ask(text)
        self.assertIn(again["status"], ("unchanged", "skipped"))
        self.assertNotIn("unsafe", again)


class NotProposed(unittest.TestCase):
    def test_not_asked_or_asked_for_another_code(self):
        self.assertNotIn("unsafe", _ask(_CLIENT, unsafe=()))
        self.assertNotIn("unsafe", _ask(_CLIENT, unsafe=("LS801",)))

    def test_suppressed_at_the_store_or_at_a_read(self):
        for old, new in (("asyncio.get_event_loop()", "asyncio.get_event_loop()  # loopshift: ignore[LS804]"),
                         ("future = self._loop.create_future()",
                          "future = self._loop.create_future()  # noqa: LS804")):
            with self.subTest(new=new):
                self.assertEqual(_proposed(_ask(_CLIENT.replace(old, new))), (None, []))

    def test_each_shape_gets_no_proposal(self):
        cases = {
            "a public attribute": ("self._loop", "self.loop"),
            "a sync method reads it": ("        return await future\n",
                                       "        return await future\n\n    def stop(self):\n        self._loop.stop()\n"),
            "a property reads it": ("        return await future\n",
                                    "        return await future\n\n    @property\n    def loop(self):\n"
                                    "        return self._loop\n"),
            "a nested function reads it": ("        return await future\n",
                                           "        return lambda: self._loop\n"),
            "a module-level function reads it": ("        return await future\n",
                                                 "        return await future\n\n\ndef peek(c):\n    return c._loop\n"),
            "a base class": ("class Client:", "class Client(asyncio.Protocol):"),
            "a decorator": ("class Client:", "@register\nclass Client:"),
            "a metaclass": ("class Client:", "class Client(metaclass=Meta):"),
            "a subclass in the file": ("        return await future\n",
                                       "        return await future\n\n\nclass Sub(Client):\n    pass\n"),
            "posted to from elsewhere": ("self._loop.call_soon(", "self._loop.call_soon_threadsafe("),
            "handed to run_coroutine_threadsafe": ("        return await future\n",
                                                   "        return asyncio.run_coroutine_threadsafe(future, self._loop)\n"),
            "asked whether it runs": ("        return await future\n", "        return self._loop.is_running()\n"),
            "compared": ("        return await future\n",
                         "        return self._loop is asyncio.get_running_loop()\n"),
            "in a tuple": ("        return await future\n", "        return (self._loop, 1)\n"),
            "unpacked": ("        return await future\n", "        return print(*self._loop)\n"),
            "aliased, then posted to": ("        return await future\n",
                                        "        loop = self._loop\n        loop.call_soon_threadsafe(print)\n"),
            "stored again": ("        return await future\n", "        self._loop = None\n"),
            "a staticmethod": ("    async def fetch(self):", "    @staticmethod\n    async def fetch(self):"),
            "self rebound": ("        future = self._loop", "        self = other\n        future = self._loop"),
            "a store under a condition": ("        self._loop = loop or asyncio.get_event_loop()\n",
                                          "        if url:\n            self._loop = loop or asyncio.get_event_loop()\n"),
            "an attribute hook": ("    def __init__", "    def __setattr__(self, name, value):\n"
                                                       "        object.__setattr__(self, name, value)\n\n    def __init__"),
            "__slots__": ("    def __init__", "    __slots__ = ('url', '_loop')\n\n    def __init__"),
            "a string names it": ("        return await future\n", "        return await future\n\n\nNAME = 'c._loop'\n"),
            "getattr() in the file": ("        return await future\n", "        return getattr(self, 'url')\n"),
            "vars() in the file": ("        return await future\n", "        return vars(self)\n"),
            "__dict__ in the file": ("        return await future\n", "        return self.__dict__\n"),
            "no read at all": ("        future = self._loop.create_future()\n"
                               "        self._loop.call_soon(future.set_result, self.url)\n",
                               "        future = asyncio.Future()\n"),
            "two __init__": ("    async def fetch", "    def __init__(self):\n        pass\n\n    async def fetch"),
        }
        for why, (old, new) in cases.items():
            with self.subTest(why=why):
                self.assertIn(old, _CLIENT)
                self.assertEqual(_proposed(_ask(_CLIENT.replace(old, new, 1))), (None, []))

    def test_a_comment_on_a_store_that_would_go(self):
        source = ("import asyncio\n\n\nclass C:\n    def __init__(self):\n        self._loop = asyncio.get_event_loop()"
                  "  # the main loop\n\n    async def now(self):\n        return self._loop.time()\n")
        self.assertEqual(_proposed(_ask(source)), (None, []))
        kept = _CLIENT.replace("asyncio.get_event_loop()\n", "asyncio.get_event_loop()  # the main loop\n")
        self.assertIn("        self._loop = loop  # the main loop\n", _proposed(_ask(kept))[0])

    def test_the_parameter_used_again_after_it_is_filled(self):
        _, descriptions = _proposed(_ask('''\
            import asyncio


            class C:
                def __init__(self, loop=None):
                    if loop is None:
                        loop = asyncio.get_event_loop()
                    self._loop = loop
                    self.queue = asyncio.Queue(loop=loop)

                async def now(self):
                    return self._loop.time()
            '''))
        self.assertEqual(descriptions, [])

    def test_nested_class_and_sync_function(self):
        for source in ('''\
                import asyncio


                def make():
                    class C:
                        def __init__(self):
                            self._loop = asyncio.get_event_loop()

                        async def now(self):
                            return self._loop.time()
                    return C
                ''', '''\
                import asyncio


                class C:
                    def start(self):
                        self._loop = asyncio.get_event_loop()

                    async def now(self):
                        return self._loop.time()
                '''):
            with self.subTest(source=source):
                self.assertEqual(_proposed(_ask(source)), (None, []))

    def test_a_constructor_proven_under_the_loop_is_rewritten_safely_instead(self):
        project = {"module": "pkg.pool", "isPackageInit": False, "isTest": False, "isEntryPoint": False, "entry": [],
                   "isImported": False, "importedBy": 0, "namedInStrings": 0, "dynamicImportsInProject": False,
                   "maybeImported": False, "isScript": True, "scriptOnly": False, "importedWhole": False,
                   "importedNames": []}
        source = _CLIENT.replace("Client", "_Client") + '\n\nasync def main():\n    return _Client("a")\n'
        answer = _ask(source, project=project)
        self.assertIn("self._loop = loop or asyncio.get_running_loop()", answer["source"])
        self.assertNotIn("unsafe", answer)


if __name__ == "__main__":
    unittest.main()
