"""get_event_loop() directly inside an async def body -> get_running_loop() (docs/SEMANTICS.md P1).

Inside a running coroutine both return the running loop on every Python version, so the swap is
exact. Anything that may execute outside the coroutine (nested def, lambda, class body, generator
expression, decorator, default, annotation) is left alone with a diagnostic, as is closing code, which
also runs when a pending task is destroyed with no loop running (closing_code.py: finally: blocks and
GeneratorExit handlers, __aexit__ bodies, coroutines awaited from them here or in another project module,
FileFacts.closingAwaited, or through an alias `close = aclose`, and what may run after a handler or a
suppress() that may swallow GeneratorExit, with the loops around it), as are the policy's
get_event_loop() and references that are not calls. Generator-based coroutines (`@asyncio.coroutine`,
a `@types.coroutine` generator) count as coroutines (docs/SEMANTICS.md B5): the analysis gives their
bodies a coroutine frame.

A sync module-level function whose every run happens under a running loop (docs/SEMANTICS.md P2a,
sync_callers.py: each load of its name in the file is a call in a coroutine's own body, a loop callback
(call_soon and its kin, a proven asyncio future's done callback or a proven asyncio loop's protocol factory,
also through functools.partial), or a call from another such function;
and no other module can call it: a private name no project module imports, nor this module object, or a
script-only file's) gets the same safe rewrite, where the call also
meets every condition of the unsafe proposal below. So does the `__init__` of a plain module-level class
whose every load of its name in the file is such a call (P2a, "Constructors"), even where it stores the
loop (LS804's site): the loop stored is the one running when the object is made, as before; and a private
sync method of such a class that only `self._m(...)` calls in its class's coroutine methods or proven
methods, or a loop callback (P2a rule 5).

Asked for unsafe proposals (ctx.proposes), it also proposes get_running_loop() for the sync helpers
loop_diagnostics reports as LS801 (docs/SEMANTICS.md P2, "Unsafe fix"): the call directly in a sync def's
own body, in a function that is no thread target, test, bridge or loop holder, in a file that drives
coroutines only with asyncio. The same loop for every caller that runs under a loop; RuntimeError for
one that does not. For a loop an __init__ stores (LS804) that safe rewrite does not prove, it proposes to
resolve the loop where the class's coroutine methods use it (docs/SEMANTICS.md P5, "Unsafe fix";
loopshift_support/stored_loop_proposal.py). And for LS803, a module-level `loop = get_event_loop()` read
only in coroutines goes, each read becoming get_running_loop() (loopshift_support/import_time_loop.py,
docs/SEMANTICS.md P4).
"""
from typing import Optional

import libcst as cst

from loopshift_support import import_time_loop, stored_loop_proposal
from loopshift_support.analysis import Ambiguous
from loopshift_support.closing_code import ClosingCode
from loopshift_support.asyncio_api import FOREIGN_RUNNERS, PATCHED_GETTER, SITE_MODULES, steps_coroutines
from loopshift_support.edits import replace_nodes
from loopshift_support.import_rules import IN_PLACE
from loopshift_support.local_callees import called_in_place
from loopshift_support.loop_patterns import Facts
from loopshift_support.project_effects import driven_elsewhere
from loopshift_support.sync_callers import SyncCallers, is_generator, outside_callers

NAME = "get_running_loop"
DESCRIPTION = "asyncio.get_event_loop() inside a coroutine -> asyncio.get_running_loop()"
TRIGGERS = ("get_event_loop",)
MIN_TARGET = (3, 7)
ORDER = 10
SITE_NAMES = ("get_event_loop",)
RESOLVES_THROUGH = SITE_MODULES
CODES = {
    "LS101": ("get_event_loop() may run outside the coroutine",
              "The call is lexically inside an async def but in a nested function, lambda, class body,\n"
              "generator expression, decorator, default value or annotation, so it can run when no loop\n"
              "is running; or in closing code: a finally: block or GeneratorExit handler, an __aexit__, or a\n"
              "coroutine awaited from those (in any project module), or code after a handler that may\n"
              "swallow GeneratorExit and go on, which also runs when a task left\n"
              "pending is destroyed after its loop closed. There get_running_loop() raises while\n"
              "get_event_loop() returns (or on 3.12+ warns about, and on 3.14 refuses) the current loop.\n"
              "Fix: get the loop inside the coroutine with asyncio.get_running_loop() and pass it in, or\n"
              "move the call into the coroutine; for closing code, keep a reference taken while the loop ran."),
    "LS102": ("get_event_loop_policy().get_event_loop() in a coroutine",
              "The policy's get_event_loop() has no running-loop shortcut: under asyncio.run(loop_factory=...)\n"
              "or asyncio.Runner(loop_factory=...) it returns (or creates) a loop other than the running\n"
              "one, and policies are deprecated from 3.14. Fix: use asyncio.get_running_loop()."),
    "LS103": ("get_event_loop is referenced without being called",
              "A reference (getter = asyncio.get_event_loop, partial(...), default_factory=...) is called\n"
              "later, from code loopshift cannot see. Fix: pass asyncio.get_running_loop if every caller\n"
              "runs inside a coroutine; otherwise create and own a loop explicitly."),
    "LS104": ("get_event_loop is bound to several things in this file",
              "The name is imported from asyncio and also assigned, defined or imported from elsewhere, so\n"
              "loopshift cannot prove which one this call uses. Fix: rename the local definition, then\n"
              "run loopshift again."),
    "LS105": ("this file may drive coroutines without asyncio",
              "The file uses trio, curio, anyio, trio-asyncio, coro.send(None) or next(coro.__await__()).\n"
              "A coroutine run that way\n"
              "has no running asyncio loop, so get_running_loop() would raise where get_event_loop()\n"
              "returned a loop. Fix: check how these coroutines are run, then rewrite by hand."),
    "LS106": ("get_running_loop cannot be imported here",
              "The call uses a from-import of get_event_loop, but get_running_loop is already bound to\n"
              "something else in this file, or get_event_loop is imported in several places. Fix: import\n"
              "asyncio and call asyncio.get_running_loop()."),
}
# Unsafe proposals (README "Safe and unsafe fixes"): the diagnostic code each answers, and what it may change.
PROPOSALS = {
    "LS801": ("get_event_loop() -> get_running_loop(), where the call is the sync function's own body (not a\n"
              "lambda, default value, decorator or class body), the function is not a thread target and the file\n"
              "drives coroutines only with asyncio. A caller that runs while a loop runs in its thread (a\n"
              "coroutine, a task, a loop callback) gets the same loop as before. What may change: a caller outside\n"
              "a running loop now gets RuntimeError ('no running event loop') where get_event_loop() returned the\n"
              "thread's current loop, or created one (with a DeprecationWarning on 3.12 and 3.13; 3.14 raises\n"
              "there too). Take it when every caller runs under a loop (docs/SEMANTICS.md P2, in the loopshift\n"
              "repository)."),
    stored_loop_proposal.CODE: stored_loop_proposal.EXPLANATION,
    import_time_loop.CODE: import_time_loop.EXPLANATION,  # LS803: the module-level loop coroutines read
}
PROPOSAL = "get_event_loop() -> get_running_loop() in sync %s: a caller outside a running loop now gets RuntimeError"
SAFE_SYNC = "get_event_loop() -> get_running_loop() in %s(): every caller runs under a running loop (P2a)"


def _why_outside(site) -> str:
    kind = site.frame.kind
    if kind == "genexp":
        return "inside a generator expression (it may be consumed later)"
    if site.frame.node is not site.extent:
        return "in a decorator, default value or annotation (evaluated at definition time)"
    return {"def": "inside a nested function", "lambda": "inside a lambda",
            "class": "in a class body"}.get(kind, "outside the coroutine")


def transform(module: cst.Module, ctx) -> cst.Module:
    proposed = import_time_loop.propose(module, ctx)
    if proposed is not module:
        return proposed  # the next pass, over this version, does the safe part (one module version per run)
    analysis = ctx.analysis(module, SITE_NAMES)
    foreign = bool(FOREIGN_RUNNERS & analysis.imported_modules) or steps_coroutines(ctx.source)
    elsewhere = None if foreign else driven_elsewhere(ctx)
    replaced = _replaced(ctx)
    imports = ctx.imports
    imports.follow(IN_PLACE)  # get_running_loop joins the from-import that brought get_event_loop
    mapping = {}
    for site in analysis.sites:
        scopes = site.frame.scopes()
        meaning = analysis.resolve(site.expr, scopes)
        if meaning is None:
            value = site.expr.value if isinstance(site.expr, cst.Attribute) else None
            if (site.call is not None and site.async_extent is not None and isinstance(value, cst.Call)
                    and analysis.resolve(value.func, scopes) == "asyncio.get_event_loop_policy"):
                ctx.diagnose(site.call, "LS102", "get_event_loop_policy().get_event_loop() is not the running "
                             "loop under loop_factory; use asyncio.get_running_loop()")
            continue
        if isinstance(meaning, Ambiguous):
            if site.call is not None and site.async_extent is not None and meaning.mixes_asyncio_with_other:
                ctx.diagnose(site.expr, "LS104", "'%s' is bound to more than one thing in this file, so this "
                             "may not be asyncio's get_event_loop(); left unchanged" % meaning.name)
            continue
        if meaning != "asyncio.get_event_loop":
            continue
        if site.call is None:
            ctx.diagnose(site.expr, "LS103", "asyncio.get_event_loop is referenced, not called: its caller "
                         "decides which loop it returns")
            continue
        if replaced is not None and not site.call.args:
            if site.async_extent is not None:
                ctx.diagnose(site.call, "LS104", "%s replaces asyncio.get_event_loop, and this call may be meant to "
                             "get the replacement; get_running_loop() would bypass it: left unchanged" % replaced)
            continue
        if site.async_extent is None and not site.call.args and not foreign and not elsewhere:
            if _sync_site(ctx, module, analysis, site) is None and ctx.allows(site.call) \
                    and _rewrite(ctx, analysis, site, scopes, mapping):
                ctx.record_change(site.call, SAFE_SYNC % _qualname(site.frame))
            elif ctx.proposes(site.call, "LS801") and _helper_facts(ctx, module, analysis, site) \
                    and _rewrite(ctx, analysis, site, scopes, mapping):
                ctx.record_change(site.call, PROPOSAL % _function(site.frame.node), applicability="unsafe",
                                  code="LS801")
            elif ctx.proposes(site.call, stored_loop_proposal.CODE) \
                    and _helper_facts(ctx, module, analysis, site, stores=True):
                _propose_stored(ctx, module, analysis, site, mapping)
            continue
        if site.async_extent is None or site.call.args:
            continue  # sync code belongs to other transforms
        # A function the coroutine defines and only calls in place runs in its steps (P1c): its calls are
        # what must not be closing code.
        in_place = None if site.in_coroutine_body else called_in_place(ctx.tree(module), ctx.source, site, analysis)
        if not site.in_coroutine_body and in_place is None:
            ctx.diagnose(site.call, "LS101", "get_event_loop() %s can run when no loop is "
                         "running; left unchanged" % _why_outside(site))
            continue
        coroutine = site.extent if in_place is None else site.frame.parent.node
        closing = next(filter(None, (closing_code(ctx, module).why(node, coroutine)
                                     for node in (in_place if in_place is not None else [site.call]))), None)
        if closing is not None:
            ctx.diagnose(site.call, "LS101", "get_event_loop() in %s(): %s; it may run after the loop closed, when "
                         "a pending task is destroyed, with no loop running (get_running_loop() would raise); left "
                         "unchanged" % (coroutine.name.value, closing))
            continue
        if foreign or elsewhere:
            ctx.diagnose(site.call, "LS105", "%s; get_running_loop() would raise there" % (
                elsewhere or "this file may run coroutines without asyncio (trio, curio, anyio, send(None) or "
                              "next(coro.__await__()))"))
            continue
        if not ctx.allows(site.call):
            continue  # a suppression comment: neither rewritten nor reported
        if not _rewrite(ctx, analysis, site, scopes, mapping):
            ctx.diagnose(site.call, "LS106", "cannot import get_running_loop next to '%s' here; use "
                         "asyncio.get_running_loop()" % site.expr.value)
            continue
        ctx.record_change(site.call, "get_event_loop() -> get_running_loop() inside a coroutine" if in_place is None
                          else "get_event_loop() -> get_running_loop() in a function the coroutine only calls in place")
    return replace_nodes(module, mapping)  # the request handler applies the planned imports


def _replaced(ctx) -> Optional[str]:
    """Who replaces asyncio's get_event_loop for the code that calls it (an attribute store, `mock.patch`,
    `setattr`): the project module the driver names, or this file (probe round 12, B p01, p02)."""
    module = (ctx.project or {}).get("loopGetterReplaced")
    if module:
        return "project module %s" % module
    if ctx.project is None and PATCHED_GETTER.search(ctx.source):
        return "this file"
    return None


def closing_code(ctx, module) -> ClosingCode:
    """The file's closing code (P1), built once per module version."""
    return ctx.memo("closing_code", module, lambda: ClosingCode(ctx.tree(module), ctx.project))


def _rewrite(ctx, analysis, site, scopes, mapping) -> bool:
    """get_event_loop -> get_running_loop at this site, with its import planned; False when no import can be."""
    if isinstance(site.expr, cst.Attribute):
        mapping[id(site.expr)] = site.expr.with_changes(attr=cst.Name("get_running_loop"))
        return True
    name = ctx.imports.reach(analysis, "asyncio", "get_running_loop", site.expr, scopes)
    if name is None:
        return False
    mapping[id(site.expr)] = name
    ctx.imports.unused(analysis, site.expr)
    return True


def _propose_stored(ctx, module, analysis, site, mapping) -> None:
    """LS804's unsafe fix for a loop an __init__ stores (stored_loop_proposal.py), with get_running_loop
    reached where each read is; nothing when a read cannot reach it or a suppression holds one back."""
    facts = Facts.shared(ctx, module)
    if not facts.captured(site, site.frame):
        return
    stored = stored_loop_proposal.find(facts.up, ctx.tree(module), lambda names: ctx.analysis(module, names), site)
    if stored is None or not all(ctx.proposes(read, stored_loop_proposal.CODE) for read in stored.reads):
        return
    snapshot = ctx.imports.snapshot()
    running = [_running_at(ctx, analysis, site, scopes) for scopes in stored.scopes]
    if any(spelt is None for spelt in running):
        ctx.imports.restore(snapshot)
        return
    mapping.update(stored_loop_proposal.rewrite(stored, running, facts.up))
    if isinstance(site.expr, cst.Name):
        ctx.imports.unused(analysis, site.expr)  # `from asyncio import get_event_loop` may go
    kept = stored_loop_proposal.KEPT % stored.kept if stored.kept else ""
    ctx.record_change(site.call, stored_loop_proposal.DESCRIPTION % (
        "self." + stored.target.attr.value, stored.cls.name.value, kept), applicability="unsafe",
        code=stored_loop_proposal.CODE)


def _running_at(ctx, analysis, site, scopes):
    """get_running_loop spelt where `scopes` can see it, as the site spells get_event_loop (`asyncio.`, `aio.`)
    or through the from-import that brought it; None when it cannot be reached."""
    if isinstance(site.expr, cst.Attribute):
        if analysis.resolve(site.expr, scopes) != "asyncio.get_event_loop":
            return None
        return site.expr.with_changes(attr=cst.Name("get_running_loop"))
    return ctx.imports.reach(analysis, "asyncio", "get_running_loop", site.expr, scopes)


def _helper_facts(ctx, module, analysis, site, stores=False) -> bool:
    """_sync_helper with the file's loop_diagnostics facts, built once per module version."""
    return _sync_helper(Facts.shared(ctx, module), analysis, site, stores)


def _sync_site(ctx, module, analysis, site):
    """None when the sync site may be rewritten safely (docs/SEMANTICS.md P2a): directly in a module-level
    def that meets the unsafe proposal's conditions and that runs only under a running loop; else why not.
    The cheap checks come first: most files have no such function."""
    frame = site.frame
    if frame.kind != "def" or frame.node is not site.extent:
        return "not directly in a function's own body"
    # A constructor or a private method of a module-level class (P2a rules 4 and 5); a constructor may
    # store the loop (LS804's site).
    method = frame.parent.kind == "class" and frame.parent.parent is not None and frame.parent.parent.kind == "module"
    init = method and frame.node.name.value == "__init__"
    if frame.parent.kind != "module" and not method:
        return "not directly in a module-level function, nor a method of a module-level class"
    why = outside_callers(ctx.project, frame.parent.node.name.value if method else frame.node.name.value)
    if why is not None:
        return why
    if not _helper_facts(ctx, module, analysis, site, stores=init):
        return "a condition of the unsafe proposal fails (docs/SEMANTICS.md P2)"
    callers = ctx.memo("get_running_loop.sync_callers", module, lambda: SyncCallers(
        module, analysis, lambda names: ctx.analysis(module, names), ctx.tree(module), ctx.project,
        closing_code(ctx, module)))
    if init:
        return callers.why_not_init(frame.node)
    return callers.why_not_method(frame.node) if method else callers.why_not(frame.node)


def _sync_helper(facts, analysis, site, stores=False) -> bool:
    """The call is a sync def's own body, in a function loop_diagnostics reports as LS801 (docs/SEMANTICS.md
    P2): not a lambda, class body, generator expression, default, decorator or annotation; not on the
    entry path (the runner transforms'), in a thread target (LS809), a test or fixture (LS805), a generator,
    nor where the loop is stored (LS804; allowed with `stores`, for a proven constructor), bridged (LS802)
    or set just before."""
    frame = site.frame
    if frame.kind != "def" or frame.node is not site.extent or analysis.entry_kind(site) is not None:
        return False
    function = frame.node
    if id(function) in facts.thread_targets or facts.is_test_code(function) or is_generator(function):
        return False
    if (not stores and facts.captured(site, frame)) or facts.bridge(site, frame) or facts.loop_set_before(site):
        return False
    outer = frame.parent
    while outer is not None:  # inside a pytest-asyncio event_loop fixture: LS806's, which removes it
        if outer.kind in ("def", "async") and id(outer.node) in facts.fixtures and outer.node.name.value == "event_loop":
            return False
        outer = outer.parent
    return True


def _function(node) -> str:
    return "function %s()" % node.name.value if isinstance(node, cst.FunctionDef) else "code"


def _qualname(frame) -> str:
    if frame.parent.kind == "class":
        return "%s.%s" % (frame.parent.node.name.value, frame.node.name.value)
    return frame.node.name.value
