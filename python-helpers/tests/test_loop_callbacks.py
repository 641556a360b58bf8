"""Protocol factories of a proven asyncio loop, asyncio's protocol classes as bases, and functools.partial
callbacks (loopshift_support/loop_callbacks.py, docs/SEMANTICS.md P2a rules 4 and 7, and rules 2 and 6's
partials), through SyncCallers; and the CPython behaviour the rules rest on, on this interpreter.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import asyncio
import inspect
import os
import socket
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from test_sync_callers import constructors, methods, reasons  # noqa: E402
from loopshift_support.asyncio_api import ASYNCIO_PROTOCOL_CLASSES, PROTOCOL_FACTORY_METHODS  # noqa: E402

INIT = "    def __init__(self, *a, **k): self._loop = asyncio.get_event_loop()\n"


def protocols(names, base="asyncio.Protocol"):
    return "".join("class %s(%s):\n%s" % (name, base, INIT) for name in names)


class ProtocolFactories(unittest.TestCase):
    def test_factories_of_a_proven_loop(self):
        found = constructors(
            "import asyncio\n"
            "from asyncio import get_running_loop as running\n" + protocols("_A _B _C _D _E _F _G".split()) +
            "async def main(sock, pipe):\n"
            "    loop = asyncio.get_running_loop()\n"
            "    await loop.create_connection(_A, 'h', 1)\n"
            "    await loop.create_server(lambda: _B(loop=loop), 'h', 0)\n"
            "    await loop.connect_accepted_socket(protocol_factory=_C, sock=sock)\n"
            "    await running().connect_read_pipe(lambda: _D(1), pipe)\n"
            "    await asyncio.get_event_loop().subprocess_exec(_E, 'true')\n"
            "def start():\n"  # sync code: the loop calls the factory later, from its own code
            "    loop = asyncio.new_event_loop()\n"
            "    loop.run_until_complete(loop.create_datagram_endpoint(_F, local_addr=('h', 0)))\n"
            "    other = asyncio.get_event_loop()\n"
            "    other.run_until_complete(other.create_unix_server(_G, 'path'))\n")
        self.assertEqual(found, dict.fromkeys("_A _B _C _D _E _F _G".split()))

    def test_every_listed_method(self):
        body = "".join("    await loop.%s(_%s)\n" % (method, i)
                       for i, method in enumerate(sorted(PROTOCOL_FACTORY_METHODS)))
        found = constructors("import asyncio\n" + protocols(["_%d" % i for i in range(len(PROTOCOL_FACTORY_METHODS))])
                             + "async def main():\n    loop = asyncio.get_running_loop()\n" + body)
        self.assertEqual(set(found.values()), {None})

    def test_receivers_not_proven(self):
        found = constructors(
            "import asyncio\n" + protocols(["_A", "_B", "_C", "_D", "_E", "_F", "_G"]) +
            "LOOP = asyncio.new_event_loop()\n"
            "async def main(given, flag, self):\n"
            "    await given.create_connection(_A)\n"
            "    await LOOP.create_connection(_B)\n"
            "    await self.loop.create_connection(_C)\n"
            "    if flag:\n"
            "        maybe = asyncio.get_running_loop()\n"
            "    await maybe.create_connection(_D)\n"
            "    twice = asyncio.get_running_loop()\n"
            "    twice = given\n"
            "    await twice.create_connection(_E)\n"
            "    outer = asyncio.get_running_loop()\n"
            "    async def inner():\n"
            "        await outer.create_connection(_F)\n"
            "    given = given or asyncio.get_event_loop()\n"
            "    await given.create_connection(lambda: _G(loop=given))\n")
        for name in "ABCDEF":
            self.assertIn("not proven an asyncio event loop", found["_" + name], name)
        self.assertIn("in a lambda", found["_G"])

    def test_the_factory_must_be_in_its_place(self):
        found = constructors(
            "import asyncio\n" + protocols(["_A", "_B", "_C", "_D", "_E", "_F"]) +
            "async def main(args):\n"
            "    loop = asyncio.get_running_loop()\n"
            "    await loop.create_connection(print, _A)\n"
            "    await loop.create_connection(*args, _B)\n"
            "    await loop.create_connection(*[_C])\n"
            "    await loop.create_connection(factory=_D)\n"
            "    await loop.create_pipe_connection(_E, 'pipe')\n"
            "    await loop.create_connection(lambda: _F() or None)\n")
        for name in "ABCDE":
            self.assertIn("used without being called", found["_" + name], name)
        self.assertIn("in a lambda", found["_F"])

    def test_the_coroutine_must_be_run_at_once_under_a_loop(self):
        """The method's coroutine may call the factory at its first step (`sock=`): wherever it is stepped."""
        found = constructors(
            "import asyncio\n" + protocols(["_A", "_B", "_C", "_D", "_E", "_F", "_G", "_H"]) +
            "async def main(given, sock):\n"
            "    loop = asyncio.get_running_loop()\n"
            "    later = loop.create_connection(_A, sock=sock)\n"
            "    asyncio.ensure_future(loop.create_connection(_B, sock=sock))\n"
            "    try:\n"
            "        await later\n"
            "    finally:\n"
            "        await loop.create_connection(_C, sock=sock)\n"
            "class _Conn:\n"
            "    async def __aexit__(self, *exc):\n"
            "        loop = asyncio.get_running_loop()\n"
            "        await loop.create_connection(_D, sock=None)\n"
            "def make(sock):\n"
            "    loop = asyncio.new_event_loop()\n"
            "    return loop.create_connection(_E, sock=sock)\n"
            "def run(given, sock):\n"
            "    loop = asyncio.new_event_loop()\n"
            "    given.run_until_complete(loop.create_connection(_F, sock=sock))\n"
            "    loop.run_until_complete(loop.create_connection(_G, sock=sock), 1)\n"
            "async def gen():\n"
            "    loop = asyncio.get_running_loop()\n"
            "    return (await loop.create_connection(_H) for _ in ())\n")
        for name in "ABCDEFGH":  # _H: an async generator expression, stepped wherever it is consumed
            self.assertIsNotNone(found["_" + name], name)

    def test_the_same_for_functions_and_methods(self):
        source = ("import asyncio\n"
                  "def _factory(): return asyncio.get_event_loop()\n"
                  "class _Owner:\n"
                  "    def _make(self): return asyncio.get_event_loop()\n"
                  "    async def run(self):\n"
                  "        loop = asyncio.get_running_loop()\n"
                  "        await loop.create_connection(self._make)\n"
                  "        await loop.create_server(_factory)\n")
        self.assertIsNone(reasons(source)["_factory"])
        self.assertIsNone(methods(source)["_Owner._make"])

    def test_cpython_methods_take_the_factory_first_and_are_coroutines(self):
        loop = asyncio.new_event_loop()
        try:
            for name in PROTOCOL_FACTORY_METHODS:
                method = getattr(loop, name)
                first = next(iter(inspect.signature(method).parameters.values()))
                self.assertEqual(first.name, "protocol_factory", name)
                self.assertTrue(inspect.iscoroutinefunction(method), name)
        finally:
            loop.close()

    def test_cpython_calls_the_factory_from_code_the_loop_runs(self):
        loop = asyncio.new_event_loop()
        seen = []

        def factory():
            seen.append(asyncio.get_running_loop() is loop)
            return asyncio.Protocol()
        near, far = socket.socketpair()
        try:
            coroutine = loop.create_connection(factory, sock=near)
            self.assertEqual(seen, [])  # making the coroutine calls nothing
            transport, _ = loop.run_until_complete(coroutine)
            transport.close()
            loop.run_until_complete(asyncio.sleep(0))
        finally:
            far.close()
            loop.close()
        self.assertEqual(seen, [True])

    def test_cpython_closing_code_calls_the_factory_with_no_loop(self):
        """Why the method's coroutine must be awaited outside closing code: a task destroyed after its loop
        closed runs its `finally:`, whose await steps create_connection(sock=) up to the factory call."""
        import gc
        import logging
        seen = []

        def factory():
            try:
                asyncio.get_running_loop()
                seen.append("running")
            except RuntimeError:
                seen.append("no running loop")
            return asyncio.Protocol()

        async def worker(loop, sock):
            try:
                await asyncio.sleep(10)
            finally:
                await loop.create_connection(factory, sock=sock)
        logger = logging.getLogger("asyncio")
        disabled, logger.disabled = logger.disabled, True  # "Task was destroyed but it is pending!"
        hook, sys.unraisablehook = sys.unraisablehook, lambda unraisable: None  # the closed loop's error there
        near, far = socket.socketpair()
        try:
            loop = asyncio.new_event_loop()
            task = loop.create_task(worker(loop, near))
            loop.run_until_complete(asyncio.sleep(0.01))
            loop.close()
            del task
            gc.collect()
        finally:
            logger.disabled = disabled
            sys.unraisablehook = hook
            near.close()
            far.close()
        self.assertEqual(seen, ["no running loop"])


class ProtocolBases(unittest.TestCase):
    def test_asyncio_protocol_classes_through_the_imports(self):
        found = constructors(
            "import asyncio\n"
            "import asyncio.protocols as protocols\n"
            "from asyncio import DatagramProtocol as Datagram, SubprocessProtocol\n"
            "class _A(asyncio.Protocol):\n" + INIT +
            "class _B(protocols.BufferedProtocol):\n" + INIT +
            "class _C(Datagram):\n" + INIT +
            "class _D(SubprocessProtocol):\n" + INIT +
            "class _E(asyncio.BaseProtocol, object):\n" + INIT +
            "async def main(): _A(), _B(), _C(), _D(), _E()\n")
        self.assertEqual(found, dict.fromkeys("_A _B _C _D _E".split()))

    def test_other_bases_declined(self):
        found = constructors(
            "import asyncio\n"
            "import typing\n"
            "from typing import Protocol\n"
            "class BaseProtocol: pass\n"
            "class _A(typing.Protocol):\n" + INIT +
            "class _B(Protocol):\n" + INIT +
            "class _C(asyncio.StreamReaderProtocol):\n" + INIT +
            "class _D(BaseProtocol):\n" + INIT +
            "class _E(asyncio.Protocol, metaclass=type):\n" + INIT +
            "class _F(*[asyncio.Protocol]):\n" + INIT +
            "async def main(): _A(), _B(), _C(), _D(), _E(), _F()\n")
        for name in "ABCDF":
            self.assertIn("has a base class", found["_" + name], name)
        self.assertIn("metaclass", found["_E"])

    def test_object_rebound_is_not_object(self):
        found = constructors("import asyncio\nobject = dict\nclass _A(object):\n" + INIT + "async def main(): _A()\n")
        self.assertIn("has a base class", found["_A"])

    def test_cpython_protocol_classes_add_nothing_to_instance_making(self):
        import asyncio.protocols as module
        for qualname in ASYNCIO_PROTOCOL_CLASSES:
            cls = getattr(module, qualname.rsplit(".", 1)[1])
            self.assertIs(type(cls), type)
            for klass in cls.__mro__[:-1]:
                self.assertEqual(klass.__module__, "asyncio.protocols")
                for name in ("__init__", "__new__", "__init_subclass__", "__class_getitem__", "__call__"):
                    self.assertNotIn(name, vars(klass), (klass, name))
                for name, value in vars(klass).items():
                    if callable(value):  # the protocol's own callbacks: no code beyond a docstring
                        self.assertFalse(name.startswith("__"), name)
                        self.assertEqual([i.opname for i in __import__("dis").get_instructions(value)
                                          if i.opname not in ("RESUME", "NOP")], ["RETURN_CONST"]
                                         if sys.version_info >= (3, 12) else ["LOAD_CONST", "RETURN_VALUE"], name)


class Partials(unittest.TestCase):
    HELPERS = "".join("def _%s(*a): return asyncio.get_event_loop()\n" % n for n in "abcdefghijklmn")

    def test_partials_handed_to_the_loop(self):
        found = reasons(
            "import asyncio\n"
            "import functools\n"
            "from functools import partial as p\n" + self.HELPERS +
            "async def main(loop):\n"
            "    loop.call_soon(functools.partial(_a, 1))\n"
            "    loop.call_later(1, p(_b), context=None)\n"
            "    loop.call_at(1, functools.partial(_c, x=1))\n"
            "    loop.call_soon_threadsafe(p(_d))\n"
            "    t = asyncio.ensure_future(asyncio.sleep(0))\n"
            "    t.add_done_callback(functools.partial(_e, 'tag'))\n"
            "    running = asyncio.get_running_loop()\n"
            "    await running.create_connection(p(_f, 1), 'h', 1)\n")
        for name in "abcdef":
            self.assertIsNone(found["_" + name], name)

    def test_partials_not_proven(self):
        found = reasons(
            "import asyncio\n"
            "import functools\n"
            "import threading\n"
            "import concurrent.futures\n"
            "from mylib import partial\n" + self.HELPERS +
            "async def main(loop, given):\n"
            "    keep = functools.partial(_a)\n"
            "    loop.call_soon(keep)\n"
            "    threading.Thread(target=functools.partial(_b)).start()\n"
            "    loop.call_soon(functools.partial(print, _c))\n"
            "    loop.call_soon(partial(_d))\n"
            "    concurrent.futures.Future().add_done_callback(functools.partial(_e))\n"
            "    await loop.run_in_executor(None, functools.partial(_f))\n"
            "    loop.call_soon(functools.partial(func=_g))\n"
            "    loop.call_soon(functools.partial(*[_h]))\n"
            "    given.add_done_callback(functools.partial(_i))\n"
            "    await given.create_connection(functools.partial(_j))\n"
            "    loop.call_later(functools.partial(_k), 1)\n"
            "    loop.call_soon(functools.partial(functools.partial(_l)))\n")
        for name in "abcdefghijkl":
            self.assertIsNotNone(found["_" + name], name)

    def test_shadowed_functools_is_not_functools(self):
        found = reasons("import asyncio\nimport functools\n" + self.HELPERS +
                        "async def main(loop, functools):\n    loop.call_soon(functools.partial(_a))\n")
        self.assertIsNotNone(found["_a"])

    def test_methods_and_classes_in_partials(self):
        source = ("import asyncio\n"
                  "import functools\n"
                  "class _A:\n"
                  "    def __init__(self, x): self._loop = asyncio.get_event_loop()\n"
                  "    def _m(self, x): return asyncio.get_event_loop()\n"
                  "    async def run(self):\n"
                  "        asyncio.get_running_loop().call_soon(functools.partial(self._m, 1))\n"
                  "        asyncio.get_running_loop().call_soon(functools.partial(_A, 2))\n")
        self.assertIsNone(methods(source)["_A._m"])
        self.assertIsNone(constructors(source)["_A"])

    def test_cpython_partial_calls_its_function_inside_the_call(self):
        import functools
        ran = []
        loop = asyncio.new_event_loop()
        try:
            loop.call_soon(functools.partial(lambda tag: ran.append((tag, asyncio.get_running_loop() is loop)), "x"))
            self.assertEqual(ran, [])
            loop.run_until_complete(asyncio.sleep(0))
        finally:
            loop.close()
        self.assertEqual(ran, [("x", True)])


if __name__ == "__main__":
    unittest.main()
