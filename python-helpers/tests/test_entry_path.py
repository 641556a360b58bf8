"""What may touch the thread's current loop before an entry-path get_event_loop() (loopshift_support/
entry_path.py, docs/SEMANTICS.md P3b, LS301): a call of a coroutine function of this file runs none of
its body, and the report names what certainly ran before what may have.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import types
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.entry_path import EVERYTHING  # noqa: E402
from loopshift_support.loop_lifecycle import Lifecycle  # noqa: E402


def earlier(source, target=(3, 9)):
    """What scan() blames for each entry-path get_event_loop() of the source, in source order."""
    module = cst.parse_module(source)
    lc = Lifecycle.of(FileContext("<test>", source, target, module), module)
    found = []
    for site in lc.sites_of("asyncio.get_event_loop"):
        entry, _ = lc.entry(site)
        if entry is None or site.call is None:
            continue
        found.append(lc.scan(entry, lc.line_of(site.call), -1, EVERYTHING, inner=site.call, skip=(site.expr,)))
    return found, lc


HEADER = "import asyncio\nimport types\n"


class CoroutineFunctions(unittest.TestCase):
    def test_which_defs_are_coroutine_functions(self):
        source = HEADER + (
            "async def plain(): pass\n"
            "def deco(f): return f\n"
            "@deco\nasync def decorated(): pass\n"
            "@types.coroutine\ndef generator():\n    yield\n"
            "@types.coroutine\ndef not_a_generator(): pass\n"
            "@asyncio.coroutine\ndef old(): pass\n"
            "def sync(): pass\n"
            "if __name__ == '__main__':\n    loop = asyncio.get_event_loop()\n")
        _, lc = earlier(source)
        kinds = {node.name.value: lc.coroutine_function(node)
                 for nodes in lc.facts.defs.values() for node in nodes}
        self.assertEqual(kinds, {"plain": True, "deco": False, "decorated": False, "generator": True,
                                 "not_a_generator": False, "old": True, "sync": False})

    def test_a_call_of_a_coroutine_function_is_no_activity(self):
        source = HEADER + (
            "class Service:\n    def main(self):\n        return asyncio.get_event_loop()\n"
            "async def main():\n    pass\n"
            "if __name__ == '__main__':\n"
            "    coro = main()\n"
            "    loop = asyncio.get_event_loop()\n")
        found, _ = earlier(source)
        self.assertEqual(found, [None])

    def test_certain_blockers_are_named_before_same_named_methods(self):
        classes = HEADER + (
            "class Client:\n    def start(self):\n        self.lock = asyncio.Lock()\n"
            "class Server:\n    async def start(self):\n        pass\n")
        certain = classes + (
            "if __name__ == '__main__':\n"
            "    lock = asyncio.Event()\n"
            "    pending = Server().start()\n"
            "    loop = asyncio.get_event_loop()\n")
        self.assertEqual(earlier(certain)[0], [("bind", "asyncio.Event()")])
        maybe = classes + (
            "if __name__ == '__main__':\n"
            "    pending = Server().start()\n"
            "    loop = asyncio.get_event_loop()\n")
        (found,), _ = earlier(maybe)
        self.assertEqual(found[0], "bind")
        self.assertIn("the async def start() of this file would run nothing", found[1])

    def test_a_decorated_async_def_runs_its_decorator(self):
        source = HEADER + (
            "from lib import retrying\n"
            "@retrying\nasync def connect():\n    pass\n"
            "def entry():\n    connect()\n    loop = asyncio.get_event_loop()\n"
            "if __name__ == '__main__':\n    entry()\n")
        found, _ = earlier(source)
        self.assertEqual(found, [("unknown", "connect() (decorated by retrying)")])


if __name__ == "__main__":
    unittest.main()


class TakenElsewhere(unittest.TestCase):
    """FileContext.taken_elsewhere: which module-level names other project modules may call."""

    def taken(self, project):
        ctx = FileContext("<test>", "", (3, 9), cst.parse_module(""))
        ctx.project = project
        return ctx.taken_elsewhere

    def test_a_loader_by_computed_name_takes_all_or_what_it_reads(self):
        base = {"scriptOnly": False, "importedWhole": False, "importedNames": ["helper"]}
        self.assertEqual(self.taken(dict(base)), frozenset({"helper"}))
        self.assertEqual(self.taken(dict(base, loadedByName="run:4")), "all")
        self.assertEqual(self.taken(dict(base, loadedByName="run:4", loaderReads=["register"])),
                         frozenset({"helper", "register"}))
        self.assertEqual(self.taken(dict(base, loadedByName="run:4", loaderReads=[])), frozenset({"helper"}))
        # Reads without a loader say nothing; a malformed list proves nothing.
        self.assertEqual(self.taken(dict(base, loaderReads=["main"])), frozenset({"helper"}))
        self.assertEqual(self.taken(dict(base, loadedByName="run:4", loaderReads="main")), "all")
        self.assertEqual(self.taken(dict(base, importedNames=None)), "all")


class ExitHooks(unittest.TestCase):
    """exit_hooks.exit_hook: code that may run at exit and see a loop the rewrite closed."""

    def test_atexit_finalizers_and_weakref(self):
        from loopshift_support.exit_hooks import exit_hook
        ctx = types.SimpleNamespace(project=None)
        self.assertIn("atexit", exit_hook(ctx, {"atexit"}, ""))
        self.assertIn("finalizer", exit_hook(ctx, set(), "class S:\n    def __del__(self):\n        pass\n"))
        self.assertIn("finalizer", exit_hook(ctx, {"weakref"}, ""))
        self.assertIsNone(exit_hook(ctx, {"asyncio"}, "def delete(self):\n    pass\n# __del__ in a comment\n"))

    def test_logging_handlers_of_the_file(self):
        from loopshift_support.exit_hooks import exit_hook
        ctx = types.SimpleNamespace(project=None)
        self.assertIn("logging handler", exit_hook(ctx, {"logging"}, "class Ship(logging.Handler):\n    pass\n"))
        self.assertIn("logging handler", exit_hook(ctx, set(), "class Ship(Base, StreamHandler):\n    pass\n"))
        # A stream a StreamHandler flushes at exit: only in a file that uses logging.
        self.assertIn("logging handler", exit_hook(ctx, {"logging"}, "class Out:\n    def flush(self):\n        pass\n"))
        self.assertIsNone(exit_hook(ctx, {"asyncio"}, "class Out:\n    def flush(self):\n        pass\n"))
        self.assertIsNone(exit_hook(ctx, {"logging"}, "log = logging.getLogger(__name__)\nclass Handlers:\n    pass\n"))

    def test_suspended_generators_with_cleanup_of_the_file(self):
        """A generator left suspended (kept in module state) is finalised at exit: its finally or with block runs
        then, and may read a loop the rewrite closed (probe round 8, W04). Only with the tree."""
        from loopshift_support.exit_hooks import exit_hook
        from loopshift_support.walk import TreeIndex
        ctx = types.SimpleNamespace(project=None)
        source = "def numbers(loop):\n    try:\n        yield 1\n    finally:\n        print(loop.is_closed())\n"
        found = exit_hook(ctx, {"asyncio"}, source, TreeIndex(cst.parse_module(source)))
        self.assertIn("generator numbers()", found)
        self.assertIsNone(exit_hook(ctx, {"asyncio"}, source))  # no tree: the text checks alone

    def test_finalised_generator(self):
        from loopshift_support.exit_hooks import _finalised_generator

        def finalised(source):
            return _finalised_generator(cst.parse_module(source).body[0])

        self.assertTrue(finalised("def g(loop):\n    try:\n        yield 1\n    finally:\n        loop.close()\n"))
        self.assertTrue(finalised("def g(path):\n    with open(path) as f:\n        yield from f\n"))
        self.assertTrue(finalised("def g(x):\n    if x:\n        try:\n            yield x\n        except ValueError:\n            pass\n"
                                  "        finally:\n            pass\n"))
        # Decorated (@contextmanager): its with statement runs it to its end, not the exit.
        self.assertFalse(finalised("@contextlib.contextmanager\ndef section():\n    try:\n        yield\n    finally:\n        pass\n"))
        self.assertFalse(finalised("@contextmanager\ndef opened(path):\n    with open(path) as f:\n        yield f\n"))
        # A handler that may catch GeneratorExit runs at finalisation too (probe round 9, b19).
        self.assertTrue(finalised("def g():\n    try:\n        yield 1\n    except GeneratorExit:\n        print('closed')\n"))
        self.assertTrue(finalised("def g():\n    try:\n        yield 1\n    except:\n        raise\n"))
        self.assertTrue(finalised("def g():\n    try:\n        yield 1\n    except (ValueError, BaseException):\n        pass\n"))
        # No cleanup code: a handler of CapWords classes only, or none at all; a finally of a nested def or class only.
        self.assertFalse(finalised("def g():\n    try:\n        yield 1\n    except (ValueError, errors.Timeout) as e:\n        pass\n"))
        self.assertFalse(finalised("def g():\n    yield 1\n    yield 2\n"))
        self.assertFalse(finalised("def g():\n    def inner():\n        try:\n            pass\n        finally:\n            pass\n"
                                   "    yield inner\n"))
        # Not a sync generator: a plain function, an async generator.
        self.assertFalse(finalised("def f(loop):\n    try:\n        return 1\n    finally:\n        loop.close()\n"))
        self.assertFalse(finalised("async def g():\n    try:\n        yield 1\n    finally:\n        pass\n"))

    def test_imported_project_modules(self):
        from loopshift_support.exit_hooks import exit_hook
        ctx = types.SimpleNamespace(project={"importedEffects": {"exitHooks": "lib.session"}})
        self.assertIn("project module lib.session", exit_hook(ctx, {"asyncio"}, ""))
        self.assertTrue(ctx.effects_declined)
        self.assertIsNone(exit_hook(types.SimpleNamespace(project={"importedEffects": {"pending": "x"}}), set(), ""))


class ProjectImportNames(unittest.TestCase):
    """project_imports.ProjectImports: the dotted module a from-import names, relative ones resolved."""

    def names(self, project, *sources):
        from loopshift_support.project_imports import ProjectImports
        resolver = ProjectImports(project)
        return [resolver.absolute(cst.parse_statement(source).body[0]) for source in sources]

    def test_absolute_and_relative(self):
        self.assertEqual(self.names({"module": "app.cli"}, "from .settings import S", "from app.tasks import w",
                                    "from . import sub", "from .. import top"),
                         ["app.settings", "app.tasks", "app", None])
        self.assertEqual(self.names({"module": "app", "isPackageInit": True}, "from .settings import S"), ["app.settings"])
        self.assertEqual(self.names(None, "from .settings import S", "from app import x"), [None, "app"])

