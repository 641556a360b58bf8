"""Work a run may leave pending when it ends (docs/SEMANTICS.md R5, P6, P13a). asyncio.Runner's close()
cancels leftover tasks and finalises async generators, where run_until_complete() left them pending on a
loop that nobody ran again: a task's `except CancelledError` or `finally` then runs (and may print) only
under the Runner. On a loop that tests share, what one test leaves runs on during the next tests' runs;
with a loop per test it dies with its test's loop. asyncio_run checks the same through its lifecycle
(loop_lifecycle.py, P3a condition 7); runner and unittest_loop check it here, on the text (a mention in
a comment counts: the check errs towards keeping the one loop)."""
import re
from typing import Optional

import libcst as cst

from .asyncio_api import BACKGROUND_WORK
from .sync_callers import is_generator
from .syntax import terminal_name

_STARTS_WORK = re.compile(r"\b(%s)\b|\b(?:asyncio\s*\.\s*wait|Task)\s*\(" % "|".join(sorted(BACKGROUND_WORK)))
# Plain callbacks: a handle close() drops runs no code (nothing of it was running), where a task's coroutine is
# closed and runs its finally blocks (close_loop, docs/SEMANTICS.md P11).
_CALLBACKS = frozenset({"call_soon", "call_soon_threadsafe", "call_later", "call_at", "add_reader", "add_writer",
                        "add_signal_handler", "add_done_callback", "create_connection", "create_unix_connection",
                        "connect_read_pipe", "connect_write_pipe", "subprocess_exec", "subprocess_shell",
                        "connect_accepted_socket"})
_STARTS_CODE = re.compile(r"\b(%s)\b|\b(?:asyncio\s*\.\s*wait|Task)\s*\(" % "|".join(sorted(BACKGROUND_WORK - _CALLBACKS)))


# Code that interrupts its own process: a SIGINT (raise_signal, os.kill, interrupt_main, also handed on as a value:
# `threading.Timer(0.2, _thread.interrupt_main)`, probe round 8, W09), or a timer signal whose handler may raise.
# asyncio.run() turns it into cancelling the main task at its next await (R4; probe round 7, W22), and an
# interrupted run leaves the main task pending (src/loop-effects.ts SELF_SIGNALS, effect `signals`).
SELF_SIGNAL = re.compile(r"\b(?:raise_signal|pthread_kill|interrupt_main)\b|\b(?:setitimer|alarm)\s*\(|\bsignal\s*\.\s*(?:setitimer|alarm)\b"
                         # any kill(pid, sig) call: `from os import kill`, `import os as _os` (probe round 12, W3),
                         # not a child's argument-less Popen.kill(); the kill command run as a child process
                         r"|\bkill(?:pg)?\s*\(\s*[^\s)]|[\"'](?:/usr)?(?:/bin/)?kill[\"']|\bkill\s+-")


# A thread started in this file may outlive the run and hold its loop (handed to it, or taken from module state):
# the old code left that loop open, asyncio.run() and Runner.close() close it (probe round 8, W03).
# A Thread subclass started by its own name counts too (`class Watchdog(threading.Thread)`: the word).
_STARTS_THREAD = re.compile(r"\b(?:Thread|start_new_thread|ThreadPoolExecutor)\b|\bTimer\s*\(")


# Code that reads the SIGINT handler: asyncio.run() and Runner install their own for the run on 3.11+ (main thread,
# default handler), so `signal.getsignal(SIGINT)` in a coroutine, or the old handler `signal.signal()` returns,
# is theirs (probe round 10, m1).
_READS_SIGINT_HANDLER = re.compile(r"\bgetsignal\b|=\s*(?:signal\s*\.\s*)?signal\s*\(")


# A child process started and never waited for (probe round 10, W8): asyncio.run() and an added close() close
# the loop while its transport lives, and the transport's __del__ then calls call_soon() on the closed loop.
_SUBPROCESS = re.compile(r"\bcreate_subprocess_(?:exec|shell)\b|\.\s*subprocess_(?:exec|shell)\b")
_REAPED = frozenset({"wait", "communicate"})


def unreaped_subprocess(tree, text: str) -> Optional[str]:
    """Why a child process may outlive the loop (or None): started (by spelling) and no `.wait(` or
    `.communicate(` call in the code (by the tree: a mention in a comment proves nothing)."""
    if _SUBPROCESS.search(text) and not any(
            type(node) is cst.Call and type(node.func) is cst.Attribute and node.func.attr.value in _REAPED
            for node in tree.nodes):
        return ("a subprocess this file starts is never waited for: its transport, collected after the loop "
                "closed, fails in __del__ (RuntimeError: Event loop is closed) and no longer kills the child")
    return None


def stops_a_loop(tree) -> Optional[str]:
    """Why a run may end with its main task pending: a loop's stop() (any `.stop`, called or handed on, by
    spelling, in a file that runs run_until_complete(); run_forever() alone ends so by design) ends
    run_until_complete() with RuntimeError and leaves the task pending, where asyncio.run()
    cancels it and runs its `finally`, and an added close() destroys it, running it then (probe round 10, m7)."""
    found = getattr(tree, "_stops_in_ruc", None)
    if found is None:
        names = {node.attr.value for node in tree.nodes if type(node) is cst.Attribute}
        found = tree._stops_in_ruc = "stop" in names and "run_until_complete" in names
    if found:
        return ("the loop may be stopped during a run_until_complete(), ending it early with its main task "
                "pending, which asyncio.run() would cancel and an added close() would destroy, running its cleanup")
    return None


def run_ends_differently(tree, text: str) -> Optional[str]:
    """Why asyncio.run() or a Runner may end a run differently from run_until_complete() (or None): a loop's
    stop() (stops_a_loop), the SIGINT handler read (above)."""
    stops = stops_a_loop(tree)
    if stops is not None:
        return stops
    if _READS_SIGINT_HANDLER.search(text):
        return "the file reads the SIGINT handler, which asyncio.run() replaces during the run on 3.11+ (R4)"
    return None


def starts_thread(text: str) -> Optional[str]:
    """Why a thread of this file may see the loop a run closed at its end (or None)."""
    found = _STARTS_THREAD.search(text)
    if found is None:
        return None
    return ("%s in this file may start a thread that outlives the run and sees its loop closed, where the old code "
            "left it open" % found.group(0).rstrip("( "))


def early_gather(tree, within=None) -> Optional[str]:
    """Why a gather() of this file may leave children running when it is done (or None): one of several children,
    none told `return_exceptions=True`, raises and the gather raises at once while the others run on; a gather
    nobody awaits runs its children in the background. asyncio.run() then cancels them at its end (their
    `finally` and `except CancelledError` run), where run_until_complete() left them pending (probe round 9, B4).
    Matched by spelling (`gather(` or `x.gather(`): over-matching only declines more. `within`: only inside
    these nodes."""
    for node in _gathers(tree):
        if within is not None and not any(tree.inside(node, outer) for outer in within):
            continue
        positional = [a for a in node.args if a.keyword is None]
        settled = any(a.keyword is not None and a.keyword.value == "return_exceptions"
                      and type(a.value) is cst.Name and a.value.value == "True" for a in node.args)
        if not _waited_for(tree, node):
            return "a gather() not awaited at once runs its children in the background when a run ends"
        if not settled and (len(positional) > 1 or any(a.star for a in positional)):
            return ("a gather() of several children without return_exceptions=True raises on the first error while "
                    "the others still run")
    return None


_RUNS = frozenset({"run_until_complete", "run"})


def _gathers(tree) -> list:
    """The calls spelled `gather(...)` or `x.gather(...)`, found once per TreeIndex (several transforms ask)."""
    found = getattr(tree, "_gathers", None)
    if found is None:
        found = tree._gathers = [node for node in tree.nodes
                                 if type(node) is cst.Call and terminal_name(node.func) == "gather"]
    return found


def _waited_for(tree, call) -> bool:
    """Awaited, or the argument of a run (`loop.run_until_complete(gather(...))`, which waits for it)."""
    parent = tree.parent.get(id(call))
    if type(parent) is cst.Await:
        return True
    outer = tree.parent.get(id(parent)) if type(parent) is cst.Arg else None
    return type(outer) is cst.Call and terminal_name(outer.func) in _RUNS


def left_pending(tree, text: str, coroutines_only: bool = False, callbacks: bool = True, skip=()) -> Optional[str]:
    """Why work may still be pending when a run of this file ends (or None). `tree`: the module's TreeIndex.
    `coroutines_only`: look only inside `async def`s (what sync code schedules on a loop variable, the
    caller checks itself). `callbacks=False`: plain callbacks (call_soon, call_later, add_reader...) do not
    count, only work that runs code when it is dropped or outlives the loop (tasks, executor jobs, servers,
    async generators). `skip` (with `coroutines_only`): sync functions count too, but for those in `skip` (the
    tests' own, which their caller checks), since a coroutine may call a helper that schedules work (`def
    spawn(loop, c): return loop.create_task(c)`, probe round 11, m4); the coroutines in `skip` count (a test
    class's `async def` that starts `ensure_future(beat())`: probe round 12, p22)."""
    asyncs = [node for node in tree.nodes if type(node) is cst.FunctionDef and node.asynchronous is not None]
    for node in asyncs:
        if is_generator(node):
            return "async generator %s() may be left unfinished when a run ends" % node.name.value
    for node in tree.nodes:
        # `(await f(x) for x in xs)` or one with `async for`: an async generator too (probe round 13, D p20).
        if type(node) is cst.GeneratorExp and any(type(inner) is cst.Await or (type(inner) is cst.CompFor
                                                                              and inner.asynchronous is not None)
                                                  for inner in tree.descendants(node)):
            return "an async generator expression may be left unfinished when a run ends"
    unreaped = unreaped_subprocess(tree, text)
    if unreaped is not None:
        return unreaped
    stops = None if coroutines_only else stops_a_loop(tree)
    if stops is not None:
        return stops
    if SELF_SIGNAL.search(text):
        return ("the file interrupts its own process: an interrupted run leaves its main task pending, and closing "
                "the loop destroys it (its finally blocks run) where the old code left it alone")
    gather = early_gather(tree, asyncs if coroutines_only else None)
    if gather is not None:
        return gather
    if coroutines_only and skip:
        parts = [node for node in tree.nodes if type(node) is cst.FunctionDef and (
            node.asynchronous is not None or not any(tree.inside(node, outer) for outer in skip))]
        texts = [_EMPTY.code_for_node(node) for node in parts]
    else:
        texts = [_EMPTY.code_for_node(node) for node in asyncs] if coroutines_only else [text]
    for part in texts:
        found = (_STARTS_WORK if callbacks else _STARTS_CODE).search(part)
        if found:
            return "%s in this file may leave work pending when a run ends" % (found.group(1) or found.group(0).rstrip("( "))
    return None


_EMPTY = cst.Module(body=[])
