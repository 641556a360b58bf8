"""What other modules of the project may do to the thread's current event loop, from the driver's project
facts (FileFacts.importedEffects and otherTestsEffects, found by src/loop-effects.ts): the reasons an
entry-point rewrite of this file would change what they see (docs/SEMANTICS.md, "Other modules of the
project"). An imported project module that reads or sets the current loop outside a coroutine may run at
import time (before the entry point's loop exists), after the run, or in an atexit hook; one that makes
asyncio primitives outside a coroutine binds them, before 3.10, to the loop current when they are made;
one that uses context variables sees how runs share contexts. Without facts (stdin) nothing is known.
"""
from typing import Callable, Optional


def _effects(ctx) -> dict:
    effects = (ctx.project or {}).get("importedEffects") or {}
    return effects if isinstance(effects, dict) else {}


def _declining(ctx, reason: Optional[str]) -> Optional[str]:
    """Note on the context that an imported module's effects gave a reason to decline: the answer says so,
    and the driver asks again once those modules' own rewrites are known (docs/SEMANTICS.md P3f)."""
    if reason:
        ctx.effects_declined = True
    return reason


def imported_hazard(ctx, loops: str = "one") -> Optional[str]:
    """Why code of another project module, imported by this file, may see another loop after an entry
    rewrite (or None). `loops`: "one" when the rewrite runs everything on one loop, "many" when it gives
    each run its own (a loop per test): from 3.10 a primitive binds to the first loop that waits on it
    (B2), so one the module keeps across runs fails in the second run's loop."""
    effects = _effects(ctx)
    if effects.get("loop"):
        return _declining(ctx, "project module %s, imported here, reads or sets the current event loop outside a "
                          "coroutine (at import, after the run or at exit it would see another loop)" % effects["loop"])
    if effects.get("primitives") and (ctx.target < (3, 10) or loops == "many"):
        when = ("before 3.10 they are bound to the loop current when they are made" if ctx.target < (3, 10) else
                "from 3.10 they bind to the first loop that waits on them, and one kept across tests would then "
                "fail in the next test's loop")
        return _declining(ctx, "project module %s, imported here, makes asyncio primitives outside a coroutine: %s"
                          % (effects["primitives"], when))
    if effects.get("keepsState") and loops == "many":
        return _declining(ctx, "project module %s, imported here, keeps objects across calls (global, class "
                          "attributes, caches, a module-level instance or container): one made under a test's loop "
                          "would be bound to it in the next test's loop" % effects["keepsState"])
    return None


def imported_policy_users(ctx) -> Optional[str]:
    """Why removing this file's policy for loop_factory may change the loops of an imported project module (or
    None): it makes loops or reads the policy (new_event_loop() in a worker thread, another asyncio.run(), a
    Runner, get_event_loop_policy()), and the policy installed here chose their class (probe round 8, W06)."""
    module = _effects(ctx).get("newLoops")
    return _declining(ctx, "project module %s, imported here, makes event loops or uses the policy (new_event_loop, "
                      "asyncio.run, Runner, get_event_loop_policy): the policy installed here picks their class, and "
                      "loop_factory would not" % module if module else None)


def imported_hazard_before_entry(ctx, own_code_before: Callable[[], Optional[str]] = lambda: "its code") -> Optional[str]:
    """Why code of another project module may already have taken or set the thread's loop before this entry
    point's get_event_loop() (or None): the explicit loop of P3b replaces only a call that finds none yet,
    so only what runs at import matters (docs/SEMANTICS.md P3f, "Import time"): a use at import, or a
    function that uses the loop while code that runs earlier may call it: another module of the chain
    calling project code at import (`callsAtImport`), or this file's own import-time code
    (`callsAtImportHere`) when some of it runs before the site. `own_code_before()` names that code of this
    file, run before the site, that may call project code (None: none does); it is asked only then."""
    effects = _effects(ctx)
    project = ctx.project or {}
    reacher = project.get("mainReached")
    if isinstance(reacher, str):
        return ("project module %s, imported here, reaches the running program's module (__main__): it may call "
                "this file's functions before this call" % reacher)
    calls = project.get("callsAtImport")
    here = project.get("callsAtImportHere") is True
    # A loader by a computed name may import this file as a module first: then all of its code runs before.
    loader = project.get("loadedByName")
    old = ctx.target < (3, 10)
    for kind, what in (("loop", "reads or sets the current event loop"),
                       ("primitives", "makes asyncio primitives (bound to the current loop before 3.10)")):
        if kind == "primitives" and not old:
            continue
        if effects.get(kind + "AtImport"):
            return _declining(ctx, "project module %s, imported here, %s at import time" % (effects[kind + "AtImport"], what))
        if not effects.get(kind):
            continue
        if calls:
            return _declining(ctx, "project module %s, imported here, %s in a function, and %s calls code at import "
                              "time that may run it" % (effects[kind], what, "this module" if calls == _own(ctx) else
                                                        "module %s" % calls))
        if here:
            before = ("all of it, if project module %s loads this file first" % loader if isinstance(loader, str)
                      else own_code_before())
            if before:
                return _declining(ctx, "project module %s, imported here, %s in a function, and this module calls "
                                  "code at import time, before this call, that may run it (%s)" % (effects[kind], what, before))
    return None


def _own(ctx) -> Optional[str]:
    project = ctx.project or {}
    return project.get("module")


def imported_context_vars(ctx) -> Optional[str]:
    """Why runs sharing one context (asyncio.Runner) may change what an imported project module sees (or None)."""
    module = _effects(ctx).get("contextVars")
    return _declining(ctx, "project module %s, imported here, uses context variables" % module if module else None)


def imported_pending(ctx) -> Optional[str]:
    """Why ending a run differently (asyncio.run() and asyncio.Runner cancel what is left; a loop per test
    dies with its test) may change what an imported project module's background work does (or None)."""
    module = _effects(ctx).get("pending")
    if module is None and _effects(ctx).get("threads"):
        return _declining(ctx, "project module %s, imported here, starts threads, which may hold the run's loop past "
                          "its end (the old code left it open)" % _effects(ctx)["threads"])
    if module is None and _effects(ctx).get("signals"):
        module = _effects(ctx).get("signals")
        return _declining(ctx, "project module %s, imported here, interrupts the process: an interrupted run leaves "
                          "its main task pending" % module)
    return _declining(ctx, "project module %s, imported here, starts work that may still be pending when a run "
                      "ends (tasks, callbacks, executor jobs, servers or async generators)" % module if module else None)


def imported_exit_hooks(ctx) -> Optional[str]:
    """Why code of an imported project module may run at interpreter exit and see the loop a rewrite closed where
    the old code left it open (or None): an atexit hook, a finalizer (__del__, weakref.finalize) or a logging
    handler (logging's atexit hook closes and flushes them) there (exit_hooks.py)."""
    module = _effects(ctx).get("exitHooks")
    return _declining(ctx, "project module %s, imported here, has code that runs at exit (an atexit hook, a "
                      "finalizer such as __del__ or weakref.finalize, or a logging handler, which logging's own "
                      "atexit hook flushes and closes) and may see the loop closed" % module if module else None)


def imported_interrupts(ctx) -> Optional[str]:
    """Why Ctrl-C may end differently under asyncio.run() or asyncio.Runner (3.11+: the main task is cancelled
    first, R4) for an imported project module (or None): it handles cancellation or KeyboardInterrupt."""
    module = _effects(ctx).get("interrupts")
    return _declining(ctx, "project module %s, imported here, handles CancelledError or KeyboardInterrupt (or "
                      "catches everything in a coroutine, or interrupts the main thread): under asyncio.run() Ctrl-C "
                      "cancels the main task first" % module if module else None)


def driven_elsewhere(ctx) -> Optional[str]:
    """Why this file's coroutines may run with no loop running (or None): a project module that runs coroutines
    without asyncio (coro.send(None), next(coro.__await__()), trio, curio, anyio) imports it, directly or not,
    or is imported by a module that does (which may pass this file's coroutines to it)."""
    driver = (ctx.project or {}).get("drivenElsewhere")
    if not isinstance(driver, str):
        return None
    return "project module %s runs coroutines without asyncio (send(None), next(coro.__await__()), trio, curio " \
           "or anyio) and may be handed this module's (it, or a module that imports it, imports this one)" % driver


def other_tests_hazard(ctx) -> Optional[str]:
    """Why a loop per test in this test module may break another test module of the project (or None): the
    test runner imports them all into one process, and after a test here no loop is current."""
    other = (ctx.project or {}).get("otherTestsEffects")
    if not isinstance(other, dict):
        return None
    if other.get("loop"):
        return ("test module %s (itself or a project module it imports) also reads or sets the current event loop "
                "outside a coroutine: after a test here, no loop is current for it" % other["loop"])
    if ctx.target < (3, 10) and other.get("primitives"):
        return ("test module %s (itself or a project module it imports) makes asyncio primitives outside a "
                "coroutine: before 3.10 they take the current loop, and after a test here none is" % other["primitives"])
    return None


def imported_task_names(ctx) -> Optional[str]:
    """Why an added wrapper task may show (or None): an imported project module reads task names or the task
    registry, which one more task shifts (run_rewrite.py, P7; probe round 12, W1)."""
    module = _effects(ctx).get("taskNames")
    return _declining(ctx, "project module %s, imported here, reads task names or the task registry" % module
                      if module else None)
