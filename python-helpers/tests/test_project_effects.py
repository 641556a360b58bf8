"""What other project modules do to the loop (loopshift_support/project_effects.py): each reason that
declines a rewrite is noted on the context, and the answer carries `effectsDeclined` so that the driver
asks again once those modules' own rewrites are known (docs/SEMANTICS.md P3f).

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.asyncio_api import steps_coroutines  # noqa: E402
from loopshift_support.project_effects import (imported_context_vars, imported_hazard,  # noqa: E402
                                               imported_hazard_before_entry)
from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import handle_request  # noqa: E402

_TRANSFORMS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           "transforms")
_ENTRY = ("import asyncio\n\nimport lib\n\n\nasync def main():\n    await lib.work()\n\n\n"
          "if __name__ == '__main__':\n    loop = asyncio.get_event_loop()\n    loop.run_until_complete(main())\n")


class _Ctx:
    def __init__(self, effects, target=(3, 12)):
        self.project = {"importedEffects": effects}
        self.target = target
        self.effects_declined = False


class ProjectEffectsTest(unittest.TestCase):
    def test_a_reason_is_noted_and_no_reason_is_not(self):
        ctx = _Ctx({"loop": "lib"})
        self.assertIn("project module lib", imported_hazard(ctx))
        self.assertTrue(ctx.effects_declined)
        quiet = _Ctx({"primitives": "lib"})  # primitives bind lazily from 3.10
        self.assertIsNone(imported_hazard(quiet))
        self.assertIsNone(imported_context_vars(quiet))
        self.assertFalse(quiet.effects_declined)
        shared = _Ctx({"contextVars": "lib"})
        self.assertIn("context variables", imported_context_vars(shared))
        self.assertTrue(shared.effects_declined)

    def test_before_the_entry_point_only_what_runs_at_import_counts(self):
        self.assertIsNone(imported_hazard_before_entry(_Ctx({"loop": "lib"})))
        self.assertIn("at import time", imported_hazard_before_entry(_Ctx({"loop": "lib", "loopAtImport": "lib"})))
        calling = _Ctx({"loop": "lib"})
        calling.project["callsAtImport"] = "setup"
        self.assertIn("module setup calls code at import", imported_hazard_before_entry(calling))
        self.assertTrue(calling.effects_declined)
        # Primitives bind lazily from 3.10.
        self.assertIsNone(imported_hazard_before_entry(_Ctx({"primitives": "lib", "primitivesAtImport": "lib"})))

    def test_this_files_own_import_time_calls_count_only_when_some_run_before_the_site(self):
        own = _Ctx({"loop": "lib"})
        own.project["callsAtImportHere"] = True
        asked = []
        self.assertIsNone(imported_hazard_before_entry(own, lambda: asked.append(1)))  # none of it runs before
        self.assertTrue(asked)
        self.assertFalse(own.effects_declined)
        reason = imported_hazard_before_entry(own, lambda: "lib.register")
        self.assertIn("this module calls code at import time, before this call, that may run it (lib.register)", reason)
        self.assertTrue(own.effects_declined)
        # Another module of the chain calling at import declines whatever this file's order; so does a loader
        # that may import this file as a module first (all of its code then runs before the site).
        both = _Ctx({"loop": "lib"})
        both.project.update(callsAtImportHere=True, callsAtImport="setup")
        self.assertIn("module setup calls code at import", imported_hazard_before_entry(both, lambda: None))
        loaded = _Ctx({"loop": "lib"})
        loaded.project.update(callsAtImportHere=True, loadedByName="runner:3")
        self.assertIn("runner:3 loads this file first", imported_hazard_before_entry(loaded, lambda: None))
        # Nothing imported uses the loop: this file's calls cannot run such a function.
        quiet = _Ctx({})
        quiet.project["callsAtImportHere"] = True
        self.assertIsNone(imported_hazard_before_entry(quiet, lambda: "lib.register"))
        self.assertIn("primitives", imported_hazard_before_entry(_Ctx({"primitives": "lib", "primitivesAtImport": "lib"},
                                                                      target=(3, 8))))

    def test_the_answer_says_when_imported_effects_declined_a_rewrite(self):
        transforms = load_transforms([_TRANSFORMS])

        def answer(effects):
            project = {"scriptOnly": False, "isEntryPoint": True, "importedEffects": effects}
            return handle_request({"id": 1, "path": "app.py", "source": _ENTRY,
                                   "options": {"target": "3.12", "project": project}}, transforms)

        declined = answer({"loop": "lib", "loopAtImport": "lib"})
        self.assertTrue(declined.get("effectsDeclined"))
        self.assertEqual(declined["status"], "unchanged")
        rewritten = answer({})
        self.assertNotIn("effectsDeclined", rewritten)
        self.assertEqual(rewritten["status"], "changed")


if __name__ == "__main__":
    unittest.main()


class StepsCoroutines(unittest.TestCase):
    """asyncio_api.steps_coroutines: a file that drives coroutines by hand (P16)."""

    def test_send_none_and_await_iterators(self):
        self.assertTrue(steps_coroutines("def run(c):\n    c.send(None)\n"))
        # probe round 16, B p05, p06, p23
        self.assertTrue(steps_coroutines("def run(c):\n    c.send(None,)\n"))
        self.assertTrue(steps_coroutines("def run(c):\n    c.send((None))\n"))
        self.assertTrue(steps_coroutines("def run(c):\n    next(type(c).__await__(c))\n"))
        self.assertTrue(steps_coroutines("def run(g):\n    step = g.__anext__\n    return next(step())\n"))
        self.assertFalse(steps_coroutines("async def run(g):\n    return await g.__anext__()\n"))
        self.assertTrue(steps_coroutines("def run(c):\n    it = c.__await__()\n    next(it)\n"))
        self.assertTrue(steps_coroutines("x = c.__await__()\n"))

    def test_trampolines_ending_on_stop_iteration(self):
        trampoline = ("def run(coro):\n    value = None\n    while True:\n        try:\n            value = coro.send(value)\n"
                      "        except StopIteration as stop:\n            return stop.value\n")
        self.assertTrue(steps_coroutines(trampoline))
        delegate = ("import types\n@types.coroutine\ndef _delegate(c):\n    return (yield from c)\n"
                    "def finish(c):\n    g = _delegate(c)\n    while True:\n        try:\n            next(g)\n"
                    "        except StopIteration as stop:\n            return stop.value\n")
        self.assertTrue(steps_coroutines(delegate))
        self.assertFalse(steps_coroutines("def ping(sock):\n    sock.send(b'x')\n"))
        # A generator kept in an attribute and primed by next() (CPython's TestLoop time generator) is not a
        # coroutine: a coroutine is no iterator. Unprimed, the attribute may hold one (a trampoline class).
        advance = ("def advance(self, when):\n    try:\n        return self._gen.send(when)\n"
                   "    except StopIteration:\n        pass\n")
        self.assertTrue(steps_coroutines(advance))
        self.assertFalse(steps_coroutines("def __init__(self, gen):\n    self._gen = gen()\n    next(self._gen)\n"
                                          + advance))
        self.assertTrue(steps_coroutines("def __init__(self, gen):\n    self._gen = gen()\n    next(self._other)\n"
                                         + advance))
        self.assertFalse(steps_coroutines("def f(self):\n    try:\n        self.a.b.send(1)\n"
                                          "    except StopIteration:\n        pass\n"))
        self.assertFalse(steps_coroutines(delegate.replace("StopIteration", "ValueError")))
        self.assertFalse(steps_coroutines(delegate.replace("@types.coroutine\n", "")))

    def test_bound_step_methods_taken_as_values(self):
        body = "    try:\n        while True:\n            step()\n    except StopIteration as stop:\n        return stop.value\n"
        self.assertTrue(steps_coroutines("def run(coro):\n    step = coro.send\n" + body))
        self.assertTrue(steps_coroutines("def run(coro):\n    step = functools.partial(coro.send, None)\n" + body))
        self.assertTrue(steps_coroutines("def run(coro):\n    step = coro.throw\n" + body))
        self.assertTrue(steps_coroutines("def run(self):\n    step = self._coro.send\n" + body))
        # Not without StopIteration; not the object's own method; __next__ only beside a generator coroutine
        # (a native coroutine has none).
        self.assertFalse(steps_coroutines("def run(coro):\n    step = coro.send\n    step(None)\n"))
        self.assertFalse(steps_coroutines("def run(self):\n    step = self.send\n" + body))
        self.assertFalse(steps_coroutines("def run(it):\n    step = it.__next__\n" + body))
        self.assertTrue(steps_coroutines("import types\n@types.coroutine\ndef d(c):\n    return (yield from c)\n"
                                         "def run(it):\n    step = it.__next__\n" + body))
        self.assertFalse(steps_coroutines("class W:\n    def send(self, v):\n        step = self.gen.send\n" + body))

    def test_delegating_await_is_not_driving(self):
        self.assertFalse(steps_coroutines("class F:\n    def __await__(self):\n        return self._f.__await__()\n"))
        self.assertFalse(steps_coroutines("async def f():\n    await g()\n"))
        self.assertFalse(steps_coroutines("class W:\n    def __next__(self):\n        return self.gen.send(None)\n"))
        self.assertFalse(steps_coroutines("def wait(fut):\n    return (yield from fut.__await__())\n"))
        self.assertTrue(steps_coroutines("class F:\n    def __await__(self):\n        return self._f.__await__()\n"
                                         "    def poke(self):\n        return next(self._f.__await__())\n"))
