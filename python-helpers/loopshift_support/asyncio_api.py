"""What loopshift knows about asyncio's API and the libraries around it: each name, and what it is.

The kits and transforms take every table from here, so that two transforms cannot disagree about
what a name is. Qualified names are canonical (`asyncio.X`, see analysis.canonical); bare names are
terminal names, matched on sites before resolution. Where a transform deliberately uses a subset,
the subset is named here too and says why. Behaviour per version: docs/SEMANTICS.md B1-B4.
"""
import re


def qualified(names, module="asyncio"):
    return frozenset(module + "." + name for name in names)


# asyncio re-exports these submodules' public names at package level: asyncio.events.X is asyncio.X.
REEXPORTING_SUBMODULES = frozenset({
    "events", "tasks", "runners", "futures", "queues", "locks", "streams", "subprocess", "base_events",
    "coroutines", "exceptions"})

# -- the current loop (docs/SEMANTICS.md B1) -------------------------------------------------------
GET_EVENT_LOOP = "asyncio.get_event_loop"
NEW_EVENT_LOOP = "asyncio.new_event_loop"
SET_EVENT_LOOP = "asyncio.set_event_loop"
# Both return the running loop when called directly in a coroutine (P1).
LOOP_GETTERS = ("asyncio.get_running_loop", GET_EVENT_LOOP)
# get_event_loop replaced for the code that calls it: mock.patch("asyncio.get_event_loop"), patch.object(asyncio,
# "get_event_loop"), `asyncio.get_event_loop = f` (current_loop_arg's rule 8, get_running_loop's LS104).
PATCHED_GETTER = re.compile(r"""["'](?:[\w.]*\.)?get_event_loop["']|\.get_event_loop\s*=(?!=)""")
# Calls whose result is the loop an entry point then runs (P3a, P6).
LOOP_CREATORS = (GET_EVENT_LOOP, NEW_EVENT_LOOP)
# Outside a coroutine, these read, or bind a new object to, the thread's current loop (B2).
# as_completed() too from 3.13, where it makes its tasks when called (src 3.13.0 tasks.py _AsCompletedIterator; probe
# round 12, B p48: tasks made on the implicit loop before an explicit one never ran).
IMPLICIT_LOOP_FUNCTIONS = frozenset({"get_event_loop", "ensure_future", "gather", "shield", "wrap_future", "as_completed"})
# Called, these classes bind to the current loop outside a coroutine (B2).
LOOP_BOUND_CLASSES = frozenset({"Future", "Task"})
STREAM_CLASSES = frozenset({"StreamReader", "StreamReaderProtocol", "StreamWriter"})
# Read the current loop's task registry.
TASK_REGISTRY_FUNCTIONS = frozenset({"all_tasks", "current_task"})
# Before 3.10 these bind to get_event_loop() when constructed (B2).
PRIMITIVES = frozenset({"Queue", "PriorityQueue", "LifoQueue", "Lock", "Event", "Condition", "Semaphore",
                        "BoundedSemaphore"})
# Accepted `loop=` up to 3.9 (default None), TypeError from 3.10 (P15).
LOOP_ARG_REMOVED_IN_310 = frozenset({
    "sleep", "gather", "shield", "wait_for", "wait", "as_completed",
    "open_connection", "start_server", "open_unix_connection", "start_unix_server",
    "create_subprocess_exec", "create_subprocess_shell"}) | PRIMITIVES
# Awaitable-returning calls an `async def` wrapper can await where asyncio.run() needs a coroutine (P7).
WRAPPABLE_AWAITABLES = qualified({"gather", "wait_for", "shield"})

# -- running loops (R, P3, P6) ------------------------------------------------------------------------
RUNNERS = qualified({"run", "Runner"})
LOOP_RUN_METHODS = ("run_until_complete", "run_forever")
# Loop methods that must not be called from a thread other than the loop's own (P14).
NOT_THREADSAFE_METHODS = frozenset({"run_until_complete", "run_forever", "call_soon", "call_later", "call_at",
                                    "create_task"})
# Loop methods that reach the policy's child watcher or the default executor (P9).
POLICY_REACHING_METHODS = frozenset({"run_until_complete", "run_forever", "run_in_executor", "subprocess_exec",
                                     "subprocess_shell"})
# Loop methods whose effect loop.close() also shuts down or undoes (P11).
CLOSE_UNDOES_METHODS = ("set_default_executor", "add_signal_handler")
# Loop methods creating futures bound to the loop they are called on.
LOOP_BINDING_METHODS = frozenset({"create_task", "create_future"})
# Evidence that work may still be pending when a run ends (P3a condition 7, R5).
BACKGROUND_WORK = frozenset({
    "create_task", "ensure_future", "run_in_executor", "to_thread", "call_soon", "call_soon_threadsafe",
    "call_later", "call_at", "add_signal_handler", "add_reader", "add_writer", "run_coroutine_threadsafe",
    "as_completed", "start_server", "start_unix_server", "create_server", "create_unix_server",
    "create_datagram_endpoint",
    # A done callback is scheduled with call_soon when its future completes: one that completes at the end of a
    # run (or a chain of them) runs under asyncio.run(), whose shutdown steps the loop again, where ruc had
    # stopped; a shielded awaitable runs on when its waiter gives up (probe round 9, B4).
    "add_done_callback", "shield",
    # A task factory sees asyncio.run()'s own shutdown tasks, a default executor its shutdown (probe round 13, E W5, W9).
    "set_task_factory", "set_default_executor",
    # A transport with a protocol of the program's own: its callbacks (connection_lost after a close()) may be
    # scheduled when the run ends and run in asyncio.run()'s shutdown steps (probe round 10, m2).
    "create_connection", "create_unix_connection", "connect_read_pipe", "connect_write_pipe", "subprocess_exec",
    "subprocess_shell", "connect_accepted_socket"})

# Calls whose result is an asyncio future or task, whose done callbacks its loop's call_soon runs (P2a,
# "Done callbacks"). Not run_coroutine_threadsafe (a concurrent.futures.Future), nor loop methods (the
# receiver would need its own proof of being an event loop).
ASYNCIO_FUTURE_MAKERS = qualified({"ensure_future", "create_task", "gather", "shield", "wrap_future", "Future",
                                   "Task"})
# Loop methods that take a protocol factory, first or as `protocol_factory=`, and call it only from code the
# loop runs: their own coroutine, a task or callback of the loop (P2a rule 7; src 3.7-3.13 base_events.py,
# selector_events.py, proactor_events.py). Not asyncio module functions: none of them takes a factory.
PROTOCOL_FACTORY_METHODS = frozenset({
    "create_connection", "create_server", "create_unix_connection", "create_unix_server", "create_datagram_endpoint",
    "connect_read_pipe", "connect_write_pipe", "subprocess_exec", "subprocess_shell", "connect_accepted_socket"})
# Calls whose result is an asyncio event loop (the policy's): a receiver proven a loop for rule 7.
ASYNCIO_LOOP_MAKERS = frozenset(LOOP_GETTERS + (NEW_EVENT_LOOP,))
# asyncio's protocol classes: no __init__, __new__, __init_subclass__, metaclass, and methods that do nothing
# (src 3.7-3.13 protocols.py), so a subclass is made as a plain class is (P2a rule 4).
_PROTOCOLS = ("BaseProtocol", "Protocol", "BufferedProtocol", "DatagramProtocol", "SubprocessProtocol")
ASYNCIO_PROTOCOL_CLASSES = qualified(_PROTOCOLS) | qualified(_PROTOCOLS, "asyncio.protocols")

# -- policies (B3, P9) ------------------------------------------------------------------------------
POLICY_FUNCTIONS = frozenset({"get_event_loop_policy", "set_event_loop_policy"})
POLICY_CLASSES = frozenset({"AbstractEventLoopPolicy", "DefaultEventLoopPolicy", "BaseDefaultEventLoopPolicy",
                            "WindowsSelectorEventLoopPolicy", "WindowsProactorEventLoopPolicy"})
DEFAULT_POLICY = "asyncio.DefaultEventLoopPolicy"
WINDOWS_POLICIES_MODULE = "asyncio.windows_events"  # not re-exported by canonical(): spelled out below
# Policies that only choose the loop class -> (module, loop factory attribute): the "plain" ones.
LOOP_CLASS_POLICIES = {
    "uvloop.EventLoopPolicy": ("uvloop", "new_event_loop"),
    "asyncio.WindowsSelectorEventLoopPolicy": ("asyncio", "SelectorEventLoop"),
    "asyncio.WindowsProactorEventLoopPolicy": ("asyncio", "ProactorEventLoop"),
}
CHILD_WATCHER_FUNCTIONS = frozenset({"get_child_watcher", "set_child_watcher"})
# Policy-driven calls and what uses the global policy (a loop, a watcher, a thread's loop) (P9).
USES_GLOBAL_POLICY = (RUNNERS | qualified(POLICY_FUNCTIONS | CHILD_WATCHER_FUNCTIONS)
                      | {NEW_EVENT_LOOP, SET_EVENT_LOOP}
                      | qualified({"to_thread", "run_coroutine_threadsafe", "create_subprocess_exec",
                                   "create_subprocess_shell"}))

# -- other libraries (P16) ------------------------------------------------------------------------
# Every site of the shipped transforms is a name resolved through an import of one of these (P10): their
# RESOLVES_THROUGH, so that a file importing none of them is not parsed (import_gate.py).
SITE_MODULES = ("asyncio", "uvloop", "winloop", "nest_asyncio")
UVLOOP_RUN = "uvloop.run"
UVLOOP_INSTALL = "uvloop.install"          # sets uvloop's policy
NEST_ASYNCIO_APPLY = "nest_asyncio.apply"  # patches asyncio to re-enter running loops
# Run coroutines without an asyncio loop: get_running_loop() and loop= values differ there.
FOREIGN_RUNNERS = frozenset({"trio", "trio_asyncio", "curio", "anyio"})
_DEF = re.compile(r"^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)")
# The generator and awaitable protocol's own methods: `x.send(None)` or `x.__await__()` there hands the steps
# of a wrapped generator to whoever drives the wrapper (src/loop-effects.ts DELEGATING).
_DELEGATING = frozenset({"__await__", "__next__", "__iter__", "send", "throw", "close", "__anext__", "asend",
                         "athrow", "aclose"})


# An awaitable's iterator handed on (`yield from x.__await__()`, `return x.__await__()`) is stepped by whoever
# drives the code it goes to.
_HANDED_ON = re.compile(r"\b(?:yield\s+from|return)[\s(]+[\w.]+(?:\([^()]*\)[\w.]*)*\.[ \t]*__await__[ \t]*\([ \t]*\)")
# Spaced as the programmer likes (`go().send( None)`, `go().__await__ ()`: probe round 15, A m13, m30).
# `send(None,)`, `send((None))` and `type(c).__await__(c)` too (probe round 16, B p05, p06).
_SEND_NONE = re.compile(r"\.[ \t]*send[ \t]*\([\s(]*None[\s)]*,?[ \t]*\)")
_AWAIT_ITERATOR = re.compile(r"\.[ \t]*__await__[ \t]*\(")
# An async generator's step made and driven by hand, not awaited (`next(gen.__anext__())`: probe round 15, B w5, x7).
# A throw() into a coroutine runs it to its handler with no loop running (`task.get_coro().throw(KeyError)`: A m12).
_THROW_CALL = re.compile(r"(?<!\bself)\.[ \t]*throw[ \t]*\(")
_AWAIT_WORD = re.compile(r"\bawait\b")
_ASYNC_STEP = re.compile(r"\.[ \t]*(?:__anext__|asend|athrow)[ \t]*\(")
# A step method taken as a value, to be called elsewhere (`step = feed().__anext__`: probe round 16, B p23).
_STEP_TAKEN = re.compile(r"\.[ \t]*(?:__anext__|asend|athrow|__await__)\b(?![ \t]*\()")


# The object a trampoline steps is a plain name, as its parameter is, or one attribute of one (`self._coro`, a
# trampoline class); a bound step method taken as a value (`send = coro.send`, `partial(coro.send, None)`) steps
# it too (src/loop-effects.ts SEND_ANY, STEP_REFERENCE, NEXT_CALL, PRIMED).
_SEND_ANY = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)[ \t]*\.[ \t]*(?:send|throw)[ \t]*\(")
_STEP_REFERENCE = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?)[ \t]*\.(send|throw|__next__)\b(?![ \t]*\()")
_NEXT_CALL = re.compile(r"(?<![\w.])next\([ \t]*[A-Za-z_]\w*[ \t]*\)|(?<![\w.])[A-Za-z_]\w*\.__next__\(\)")
_PRIMED = re.compile(r"(?<![\w.])next\([ \t]*([A-Za-z_]\w*\.[A-Za-z_]\w*)[ \t]*\)")
_GENERATOR_COROUTINE = re.compile(r"@[ \t]*(?:types\.|asyncio\.)?coroutine\b")


def steps_coroutines(source: str) -> bool:
    """Does the file step coroutines by hand, with no loop running them (P16): `coro.send(None)`,
    `next(coro.__await__())`, or, in a file that catches StopIteration, `coro.send(value)` and `next(gen)` beside
    a generator-based coroutine (the object a plain name or one attribute not primed by next(), or its bound
    send/throw/__next__ taken as a value), outside the protocol's own methods (_DELEGATING)?
    By the text, on the safe side: the enclosing def is the nearest less-indented `def` line above."""
    # A trampoline steps with `coro.send(value)`, or runs a generator-based coroutine delegating to one with
    # next(), and ends on StopIteration: with that in the file, `name.send(` (and `next(name)` beside a
    # generator coroutine) counts; `.send(` in the text is the cheap test before the lines are read.
    caught = "StopIteration" in source
    nexts = caught and _GENERATOR_COROUTINE.search(source) is not None
    stepper_words = caught and (".send" in source or ".throw" in source)
    if "send" not in source and "__await__" not in source and "__anext__" not in source and "throw" not in source \
            and not stepper_words and not nexts:
        return False
    # `next(self._gen)` primes a generator: a coroutine is no iterator (TypeError), so an attribute stepped
    # that way holds a generator (CPython's TestLoop), not a coroutine.
    primed = set(_PRIMED.findall(source)) if caught else set()

    def steps_by_name(line: str) -> bool:
        # `self.send` taken as a value is the object's own method, no coroutine's.
        # A native coroutine has no __next__: only a generator-based one (nexts) is stepped by it.
        receivers = _SEND_ANY.findall(line) + [r for r, method in _STEP_REFERENCE.findall(line)
                                               if r not in ("self", "cls") and (nexts or method != "__next__")]
        return any("." not in receiver or receiver not in primed for receiver in receivers)

    defs = []  # (indent, name) of the defs enclosing the current line
    for line in source.splitlines():
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        while defs and defs[-1][0] >= indent:
            defs.pop()
        steps = _SEND_NONE.search(line) is not None or (_AWAIT_ITERATOR.search(line) is not None
                                                        and not _HANDED_ON.search(line)) \
            or (_ASYNC_STEP.search(line) is not None and _AWAIT_WORD.search(line) is None) \
            or _STEP_TAKEN.search(line) is not None \
            or _THROW_CALL.search(line) is not None \
            or (caught and steps_by_name(line)) or (nexts and _NEXT_CALL.search(line) is not None)
        if steps and not (defs and defs[-1][1] in _DELEGATING):
            return True
        match = _DEF.match(line)
        if match:
            defs.append((indent, match.group(2)))
    return False


# Replace how loops are made or run (policies, re-entrant patches, foreign loops).
LOOP_LIBRARIES = frozenset({"nest_asyncio", "uvloop", "winloop", "tornado", "trio_asyncio", "qasync", "quamash",
                            "gevent", "eventlet"})
# Change what get_event_loop() returns at an entry point (P3b, LS302).
LOOP_PATCHING_LIBRARIES = ("nest_asyncio", "tornado")
# Run code in other threads or processes, where the global policy and current loops also matter (P14).
CONCURRENCY_MODULES = frozenset({"threading", "_thread", "concurrent", "multiprocessing"})
# Standard-library modules whose functions never touch an event loop (anything else imported may, P5).
LOOP_FREE_STDLIB = frozenset("""
    __future__ abc argparse array ast atexit base64 binascii bisect builtins bz2 calendar cmath cmd codecs
    collections colorsys concurrent configparser contextlib contextvars copy copyreg csv ctypes dataclasses
    datetime decimal difflib dis email enum errno faulthandler fcntl filecmp fnmatch fractions functools gc
    getopt getpass gettext glob graphlib gzip hashlib heapq hmac html http importlib inspect io ipaddress
    itertools json keyword linecache locale logging lzma math mimetypes mmap multiprocessing numbers operator
    os pathlib pickle pkgutil platform plistlib pprint profile pstats pwd queue random re reprlib resource
    sched secrets select selectors shelve shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat
    statistics string struct subprocess sys sysconfig tarfile tempfile textwrap threading time timeit
    token tokenize tomllib traceback tracemalloc types typing unicodedata unittest urllib uuid warnings
    weakref xml zipfile zlib zoneinfo""".split())

# -- `from asyncio import *` ---------------------------------------------------------------------------
# The names a star import binds that analysis.resolve_name() treats as asyncio's (docs/SEMANTICS.md P10).
STAR_RESOLVED_NAMES = frozenset({
    "get_event_loop", "get_running_loop", "new_event_loop", "set_event_loop", "run", "Runner",
    "ensure_future", "gather", "wait", "wait_for", "shield", "sleep", "AbstractEventLoopPolicy",
    "DefaultEventLoopPolicy", "WindowsSelectorEventLoopPolicy", "WindowsProactorEventLoopPolicy",
    "open_connection", "start_server", "open_unix_connection", "start_unix_server", "as_completed",
    "create_subprocess_exec", "create_subprocess_shell", "Future", "wrap_future", "run_coroutine_threadsafe",
    "to_thread"}) | POLICY_FUNCTIONS | PRIMITIVES


# The text of a file whose policy may change what get_event_loop() gives: an unsafe proposal steps back.
POLICY_TEXT = re.compile(r"EventLoopPolicy|set_event_loop_policy")
# Calls that can reach a function's locals by name: removing or renaming one is then unsafe.
INTROSPECTION = re.compile(r"\b(?:locals|vars|eval|exec)\s*\(")
