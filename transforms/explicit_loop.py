"""Entry-point `loop = asyncio.get_event_loop()` -> new_event_loop() + set_event_loop()
(docs/SEMANTICS.md P3b; also P6 below 3.11, P8, P12, P14).

On a main-thread entry site with no loop set yet, get_event_loop() did exactly
`policy.set_event_loop(policy.new_event_loop())` (events.py), so the two statements are a faithful
replacement on every version - without the 3.12/3.13 DeprecationWarning and the 3.14 RuntimeError -
and everything else (run_forever, signal handlers, tasks created before the run, several runs,
`except KeyboardInterrupt`, a module-level `loop` read by coroutines) keeps working unchanged.

Exact only when nothing earlier in the entry path may have set, run or bound a loop (asyncio.run,
set_event_loop, new_event_loop, another get_event_loop, ensure_future/Future/gather, primitives on
<= 3.9, a custom policy) and the site runs once, in the main thread. Everything else is reported
(LS301 names what certainly ran earlier first, then the nearest). A policy that only chooses the
loop class (uvloop's, or a class of this file that only sets `_loop_factory` on asyncio's default policy:
policy_classes.py) installed earlier is no such thing: new_event_loop() asks it for the loop (but in a try
body uvloop 0.22's RuntimeError may be handled: LS302). A call of a coroutine function of
this file (an undecorated async def, or a generator-based coroutine, B5) runs none of its body and is
no such thing, even when a sync def of the same name touches the loop; a decorated async def is: the
call runs its decorator's wrapper (entry_path.py, docs/SEMANTICS.md P3b).
A get_event_loop() right after set_event_loop(x) in its block, with nothing between that may set or
run a loop, x made there by new_event_loop() and no custom policy, is x (loop_after_set.py,
docs/SEMANTICS.md P3e); failing that, LS301 says which condition fails.
In a function that is only ever a threading.Thread target, `set_event_loop(new_event_loop())` followed by
`x = get_event_loop()` becomes `x = new_event_loop()` + `set_event_loop(x)` (thread_loop.py,
docs/SEMANTICS.md P14a); loop_diagnostics reports the shape where it is left (LS814).
loop.close() handling is left alone (close_loop's business). Sites off the entry path belong to
loop_diagnostics and are not reported here.

Asked for unsafe proposals, in a pass where it rewrote nothing, it proposes LS301's fix where the earlier
code only reads the loop: the loop made first, before that code (loopshift_support/early_loop_proposal.py,
docs/SEMANTICS.md P3b, "Unsafe fix (LS301)").
"""
from dataclasses import dataclass
from typing import Callable

import libcst as cst

from loopshift_support import early_loop_proposal
from loopshift_support.asyncio_api import LOOP_PATCHING_LIBRARIES, SITE_MODULES
from loopshift_support.code_before_entry import code_before_site
from loopshift_support.decisions import Diagnose, Leave, Rewrite, settle
from loopshift_support.edits import replace_nodes
from loopshift_support.entry_path import EVERYTHING
from loopshift_support.loop_after_set import set_loop_name
from loopshift_support.loop_lifecycle import NAMES, Lifecycle
from loopshift_support.project_effects import imported_hazard_before_entry
from loopshift_support.thread_loop import ThreadLoop, rewrite as thread_loop_edits, thread_loop

NAME = "explicit_loop"
DESCRIPTION = "entry-point loop = get_event_loop() -> loop = new_event_loop(); set_event_loop(loop)"
TRIGGERS = ("get_event_loop",)
MIN_TARGET = (3, 7)
SITE_NAMES = NAMES  # names found in the text are added per file
RESOLVES_THROUGH = SITE_MODULES
ORDER = 50
LEAVES_TO = {"close_loop": "closing the new loop",
             "loop_diagnostics": "get_event_loop() sites off the entry path: not reported here"}
_FIX = ("Fix: create the loop once, first thing on the entry path - loop = asyncio.new_event_loop();\n"
        "asyncio.set_event_loop(loop) - and pass it (or reuse the variable) where it was fetched again.")
CODES = {
    "LS301": ("a loop may already be set or running when this get_event_loop() runs",
              "Earlier code on the entry path (asyncio.run, set_event_loop, new_event_loop, another\n"
              "get_event_loop, ensure_future/Future/gather outside a coroutine, asyncio primitives created\n"
              "outside a coroutine on Python <= 3.9, or a function of this file that does one of these) may\n"
              "have set a loop; this call returns that loop, or raises RuntimeError after asyncio.run().\n"
              "new_event_loop() + set_event_loop() would create a second loop and orphan the first. Calling an\n"
              "async def of this file does not count (it only makes a coroutine object; its body runs when a\n"
              "loop runs it), unless a decorator wraps it; the message names what ran: something that\n"
              "certainly touches the loop first, then the nearest (see docs/SEMANTICS.md P3b in the loopshift\n"
              "repository). Right after set_event_loop(x), the call is rewritten to x when nothing between may\n"
              "set or run a loop and x is the loop new_event_loop() made there; the message says which of\n"
              "those fails (docs/SEMANTICS.md P3e).\n" + _FIX),
    "LS302": ("an event loop policy or loop library decides what get_event_loop() does here",
              "A custom policy installed earlier (set_event_loop_policy(...) of a policy loopshift cannot\n"
              "identify), nest_asyncio or tornado may change get_event_loop(): tornado's\n"
              "AnyThreadEventLoopPolicy creates loops in any thread, nest_asyncio patches asyncio. uvloop's\n"
              "policy only chooses the loop class and does not block the rewrite, except in a try body:\n"
              "uvloop 0.22's get_event_loop() raises RuntimeError there, which a handler may treat\n"
              "otherwise (docs/SEMANTICS.md P3b in the loopshift repository). Fix: migrate by hand - e.g.\n"
              "asyncio.run(main(), loop_factory=uvloop.new_event_loop) (3.12+), asyncio.Runner(loop_factory=...)\n"
              "(3.11+) or uvloop.run(main())."),
    "LS303": ("get_event_loop() may run more than once, or outside the main thread",
              "It is in a loop, a comprehension or a nested function, or the entry function is decorated or\n"
              "called several times. get_event_loop() returns the same loop every time; new_event_loop()\n"
              "would make a new one each time. Fix: create the loop once, before the repetition."),
    "LS304": ("the loop from get_event_loop() is not assigned to a plain name",
              "Only `name = asyncio.get_event_loop()` and a statement using get_event_loop().method(...)\n"
              "are rewritten. Fix: assign it first - loop = asyncio.new_event_loop();\n"
              "asyncio.set_event_loop(loop) - and use loop."),
    "LS305": ("new_event_loop/set_event_loop cannot be imported here",
              "The file imports get_event_loop by name and new_event_loop or set_event_loop is already\n"
              "bound to something else (or asyncio is not importable under its name). Fix: import asyncio\n"
              "and write asyncio.new_event_loop(); asyncio.set_event_loop(loop)."),
}

# Unsafe proposals (README "Safe and unsafe fixes"): the diagnostic code each answers, and what it may change.
PROPOSALS = {early_loop_proposal.CODE: early_loop_proposal.EXPLANATION}


@dataclass(frozen=True)
class CreateLoop(Rewrite):
    """`form(lc, site, new, set_)` gives the edits once new_event_loop/set_event_loop are named."""
    form: Callable


@dataclass(frozen=True)
class SetInThread(Rewrite):
    """set_event_loop(new_event_loop()); x = get_event_loop() in a thread target: x made first (P14a)."""
    pair: ThreadLoop


@dataclass(frozen=True)
class UseSetLoop(Rewrite):
    """get_event_loop() returns the loop `name` that set_event_loop(name) just set (P3e)."""
    name: str


def transform(module: cst.Module, ctx) -> cst.Module:
    if not _entry_fetch(ctx.analysis(module, NAMES)):
        return module  # only entry-path get_event_loop() calls concern this transform
    lc = Lifecycle.of(ctx, module)
    imports = ctx.imports
    libraries = sorted(m for m in LOOP_PATCHING_LIBRARIES if m in lc.analysis.imported_modules)
    mapping, blocked = {}, []
    for site in lc.sites_of("asyncio.get_event_loop"):
        if site.call is None or site.call.args:
            continue
        decision = _plan(lc, site, libraries)
        if isinstance(decision, Diagnose) and decision.code == early_loop_proposal.CODE:
            blocked.append(site)
        plan = settle(ctx, decision)
        if plan is None or not ctx.allows(site.call):
            continue  # under a suppression comment: neither rewritten nor reported
        if isinstance(plan, SetInThread):
            imports.unused(lc.analysis, site.call.func)
            mapping.update(thread_loop_edits(plan.pair, site))
            ctx.record_change(site.call, "set_event_loop(new_event_loop()); %s = get_event_loop() -> %s = "
                              "new_event_loop(); set_event_loop(%s) (a thread target's own loop)"
                              % ((plan.pair.name,) * 3))
            continue
        if isinstance(plan, UseSetLoop):
            imports.unused(lc.analysis, site.call.func)
            mapping[id(site.call)] = cst.Name(plan.name, lpar=site.call.lpar, rpar=site.call.rpar)
            ctx.record_change(site.call, "get_event_loop() -> %s (the loop set_event_loop() just set)" % plan.name)
            continue
        snapshot = imports.snapshot()
        scopes = site.frame.scopes()
        new = imports.reach(lc.analysis, "asyncio", "new_event_loop", site.call.func, scopes)
        set_ = imports.reach(lc.analysis, "asyncio", "set_event_loop", site.call.func, scopes)
        if new is None or set_ is None:
            imports.restore(snapshot)
            ctx.diagnose(site.call, "LS305", "cannot name new_event_loop/set_event_loop next to '%s'; use "
                         "asyncio.new_event_loop() and asyncio.set_event_loop()" % lc.label(site))
            continue
        imports.unused(lc.analysis, site.call.func)
        mapping.update(plan.form(lc, site, new, set_))
        ctx.record_change(site.call, "get_event_loop() -> new_event_loop() + set_event_loop() (what it did "
                          "implicitly on a fresh main thread)")
    if not mapping and blocked and ctx.unsafe:
        # Only over a version this transform leaves as it is: an earlier site rewritten in this pass would
        # make a loop of its own after the one proposed (the next pass sees it, and declines).
        mapping = early_loop_proposal.propose(ctx, lc, blocked)
    return replace_nodes(module, mapping)  # the request handler applies the planned imports


def _entry_fetch(analysis) -> bool:
    """A get_event_loop() call that may be on the entry path, or in a sync def of a file that sets a loop
    (a thread target's, P14a): a cheap superset."""
    sets = any(site.terminal == "set_event_loop" for site in analysis.sites)
    return any(site.call is not None and (analysis.maybe_entry(site) or (sets and site.frame.kind == "def"))
               and analysis.resolve(site.expr, site.frame.scopes()) == "asyncio.get_event_loop"
               for site in analysis.sites)


def _plan(lc, site, libraries):
    """CreateLoop when get_event_loop() certainly creates the first loop here, else Diagnose, or Leave
    off the entry path (loop_diagnostics reports it)."""
    entry, repeats = lc.entry(site)
    if entry is None:
        pair, _why_not = thread_loop(lc, site)  # when declined, loop_diagnostics reports it (LS814)
        return SetInThread(pair) if pair is not None else Leave("not on the entry path")
    if repeats:
        return Diagnose("LS303", site.call, "get_event_loop() left unchanged: %s" % repeats)
    if libraries:
        return Diagnose("LS302", site.call, "this file uses %s, which changes what get_event_loop() returns; "
                        "migrate by hand" % " and ".join(libraries))
    line = lc.line_of(site.call)
    # A policy that only picks the loop class keeps new_event_loop() making what get_event_loop() made.
    earlier = lc.scan(entry, line, -1, EVERYTHING, inner=site.call, skip=(site.expr,), exempt=lc.class_only_install)
    caught = _caught(lc, site.call) or (entry.call is not None and _caught(lc, entry.call))
    if not earlier and caught and lc.scan(entry, line, -1, EVERYTHING, inner=site.call,
                                          skip=(site.expr,), exempt=lc.own_policy_install):
        return Diagnose("LS302", site.call, "get_event_loop() left unchanged: uvloop's policy is installed earlier, "
                        "and uvloop 0.22's get_event_loop() raises RuntimeError where this try may handle it")
    if earlier:
        category, label = earlier
        name, why_not = set_loop_name(lc, entry, site)
        if name is not None:
            return UseSetLoop(name)
        if why_not:
            return Diagnose("LS301", site.call, "get_event_loop() left unchanged: it follows set_event_loop(), "
                            "but %s (docs/SEMANTICS.md P3e)" % why_not)
        why = {"policy": "a custom policy may decide the loop",
               "unknown": "code loopshift cannot see may already have set or bound a loop"}.get(
            category, "a loop may already be set (this call returns it: reuse that loop)")
        return Diagnose("LS302" if category == "policy" else "LS301", site.call,
                        "get_event_loop() left unchanged: %s runs earlier on the entry path, so %s" % (label, why))
    hazard = imported_hazard_before_entry(lc.ctx, lambda: code_before_site(lc, entry, site))
    if hazard:
        return Diagnose("LS301", site.call, "get_event_loop() left unchanged: %s" % hazard)
    form = _form(lc, site)
    if form is None:
        return Diagnose("LS304", site.call, "get_event_loop() is not assigned to a plain name; assign "
                        "loop = asyncio.new_event_loop(); asyncio.set_event_loop(loop) first")
    return CreateLoop(form)


def _caught(lc, call) -> bool:
    """The call is in the body of a try of its function (a RuntimeError it raises may be handled there)."""
    child, node = call, lc.parent(call)
    while node is not None and not isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        if isinstance(node, (cst.Try, getattr(cst, "TryStar", cst.Try))) and child is node.body:
            return True
        child, node = node, lc.parent(node)
    return False


def _form(lc, site):
    """The rewrite for this shape of statement, or None."""
    node = lc.parent(site.call)
    if (isinstance(node, cst.Assign) and node.value is site.call and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)) or \
            (isinstance(node, cst.AnnAssign) and node.value is site.call and isinstance(node.target, cst.Name)):
        return _assigned
    if isinstance(node, cst.Attribute) and node.value is site.call and isinstance(lc.parent(node), cst.Call):
        line = lc.run_line(lc.parent(node))
        if line is not None and len(line.body) == 1 and _free_name(lc):
            return _chained
    return None


def _set_call(set_, var):
    return cst.Expr(cst.Call(func=set_, args=[cst.Arg(cst.Name(var))]))


def _assigned(lc, site, new, set_):
    """loop = get_event_loop()  ->  loop = new_event_loop() / set_event_loop(loop), comments kept."""
    statement = lc.parent(site.call)
    target = statement.targets[0].target if isinstance(statement, cst.Assign) else statement.target
    created = statement.with_changes(value=site.call.with_changes(func=new))
    line = lc.parent(statement)
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        return {id(line): cst.FlattenSentinel([line.with_changes(body=[created]),
                                               cst.SimpleStatementLine([_set_call(set_, target.value)])])}
    return {id(statement): cst.FlattenSentinel([created, _set_call(set_, target.value)])}


def _chained(lc, site, new, set_):
    """get_event_loop().run_forever()  ->  loop = new_event_loop() / set_event_loop(loop) / loop.run_forever()"""
    var = _free_name(lc)
    line = lc.run_line(lc.parent(lc.parent(site.call)))
    created = cst.SimpleStatementLine([cst.Assign(targets=[cst.AssignTarget(cst.Name(var))],
                                                  value=cst.Call(func=new))], leading_lines=line.leading_lines)
    used = line.deep_replace(site.call, cst.Name(var)).with_changes(leading_lines=[])
    return {id(line): cst.FlattenSentinel([created, cst.SimpleStatementLine([_set_call(set_, var)]), used])}


def _free_name(lc):
    return lc.analysis.free_name(("loop", "event_loop", "main_loop"))
