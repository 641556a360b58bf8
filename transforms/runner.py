"""Several loop.run_until_complete() calls on one entry-point loop -> `with asyncio.Runner()`
(docs/SEMANTICS.md P6).

Only at the script's entry point (main guard, or a function only the main guard calls), only when
the loop serves nothing but these runs (plus set_event_loop/close), every run is a coroutine call of
an async def in this file, and nothing in the file depends on what Runner does differently: one
contextvars context shared by all runs (R7), Ctrl-C cancelling the main task (R4, P12), the
current loop being cleared at the end (R6). Single runs are asyncio_run's. The with-block starts
at the creation and ends where loop.close() was; without a close() it runs to the end of the entry
block, as the old loop stayed open and current until then. Other uses of the loop (which would need
runner.get_loop()) are declined.

Asked for unsafe proposals, it first proposes LS802's fix (loop_diagnostics' sync bridges): one Runner
for the whole file, made on first use and closed at exit; below target 3.11, one cached event loop made
current and closed at exit (loopshift_support/bridge_runner.py, docs/SEMANTICS.md P2, "Unsafe fix (LS802)").
That proposal is why it runs from 3.7: its own rewrite, the Runner, starts at REWRITES_FROM.
"""
import re
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from loopshift_support import bridge_runner
from loopshift_support.after_run import following, inert_calls, not_inert, values_plain
from loopshift_support.asyncio_api import LOOP_CREATORS, LOOP_LIBRARIES, SITE_MODULES
from loopshift_support.decisions import Diagnose, DiagnoseAll, Leave, Rewrite, settle
from loopshift_support.exit_hooks import exit_hook
from loopshift_support.import_rules import OWN_LINE
from loopshift_support.loop_runs import (MANAGES_LOOPS, Rewriter, RunSpan, comment_lines, entry_loops, header_comment,
                                        meaning, scope_block, sync_loop_sites, uncertain_runs)
from loopshift_support.loop_variable import LoopVariable, assigned_name, assignment_to
from loopshift_support.pending_work import left_pending, run_ends_differently, starts_thread
from loopshift_support.project_effects import (imported_context_vars, imported_hazard, imported_interrupts,
                                                imported_pending)
from loopshift_support.walk import transform_along_paths

NAME = "runner"
DESCRIPTION = ("several run_until_complete() calls on one entry-point loop -> with asyncio.Runner() "
               "(rewrites from 3.11; older: only LS802's unsafe fix)")
TRIGGERS = ("run_until_complete",)
MIN_TARGET = (3, 7)  # below REWRITES_FROM it only proposes LS802's unsafe fix, never a safe change
REWRITES_FROM = (3, 11)  # asyncio.Runner
ORDER = 40
DEFERS_TO = {"asyncio_run": "entry-point loops run only once"}
CODES = {
    "LS401": ("a run's argument is not a coroutine call of an async def in this file",
              "Runner.run() accepts only coroutines up to 3.13 (ValueError otherwise), while\n"
              "run_until_complete() accepts any awaitable: gather(), tasks, futures. Fix: wrap the\n"
              "awaitable in an `async def` that awaits it and run that, then run loopshift again."),
    "LS402": ("the loop is used for more than run_until_complete() and close()",
              "Runner owns its loop: it is created when the with-block starts and closed when it ends.\n"
              "Other uses (create_task, call_soon, passing it on, use in another function) need\n"
              "runner.get_loop() and must not happen before the first run or after the block. Fix: move\n"
              "that work into the coroutines (asyncio.get_running_loop()), then run loopshift again."),
    "LS403": ("this file uses contextvars (or decimal contexts)",
              "With run_until_complete() each run gets a fresh copy of the caller's context; all runs of\n"
              "one Runner share a single copy taken when the block starts, so values set in one run are\n"
              "seen by the next and values set between runs are not. Fix: check the context use, then\n"
              "rewrite by hand (runner.run(coro, context=contextvars.copy_context()) keeps the old rule)."),
    "LS404": ("KeyboardInterrupt (or a catch-all except) near the runs",
              "On 3.11+ Runner turns the first Ctrl-C into cancellation of the running coroutine; if it\n"
              "swallows CancelledError, run() returns normally and an `except KeyboardInterrupt` branch\n"
              "never runs (see docs/SEMANTICS.md P12 in the loopshift repository). Fix: make sure the\n"
              "coroutines re-raise cancellation, then rewrite by hand."),
    "LS405": ("other code in this file uses or replaces the current event loop",
              "Runner sets its loop as current and, at the end, sets no current loop (get_event_loop()\n"
              "then raises). Sync code that calls get_event_loop(), ensure_future(), Future(), policies,\n"
              "asyncio.run() or a loop library (uvloop, nest_asyncio, ...) may see another loop than\n"
              "before. Fix: move that code into the coroutines, then run loopshift again."),
    "LS406": ("the loop's creation, runs and close() are not one plain sequence",
              "loopshift rewrites `loop = asyncio.get_event_loop()` (or new_event_loop() [+ set_event_loop])\n"
              "followed, in the same block, by the runs and an optional loop.close() or try/finally:\n"
              "loop.close(). Other shapes (creation in a nested block, except clauses on the try, runs\n"
              "after close, rebinding) need a manual `with asyncio.Runner() as runner:`."),
    "LS407": ("asyncio.Runner cannot be named here",
              "The file has no `import asyncio` visible here and the name Runner cannot be imported\n"
              "next to the loop's creation. Fix: import asyncio, then run loopshift again."),
}

# Unsafe proposals (README "Safe and unsafe fixes"): the diagnostic code each answers, and what it may change.
PROPOSALS = {bridge_runner.CODE: bridge_runner.EXPLANATION}

_NAMES = frozenset({"run_until_complete"} | MANAGES_LOOPS)
SITE_NAMES = _NAMES  # the loop variables found in the text are added per file
RESOLVES_THROUGH = SITE_MODULES


@dataclass(frozen=True)
class UseRunner(Rewrite):
    """The span's statements, from the creation to the close -> `with runner_class(...) as runner:`."""
    block: cst.BaseSuite
    creation: cst.Call
    span: RunSpan
    runner: str
    runner_class: cst.BaseExpression
    factory: Optional[cst.BaseExpression]


def transform(module: cst.Module, ctx) -> cst.Module:
    ctx.imports.follow(OWN_LINE)  # Runner goes beside the loop's creation, or on a line of its own
    proposed = bridge_runner.propose(module, ctx)
    if proposed is not module:
        return proposed  # the next pass, over this version, does the safe part (one module version per run)
    if ctx.target < REWRITES_FROM:
        return module  # no Runner before 3.11: no rewrite and no LS4xx diagnostic, as when runner did not run
    shared = ctx.analysis(module, _NAMES)
    if sum(1 for s in shared.sites if s.terminal == "run_until_complete" and s.call is not None
           and shared.maybe_entry(s)) < 2:
        return module  # a Runner needs two runs on the entry path; skip the per-file analysis
    text = ctx.code(module)
    loop_names = set(re.findall(r"\b([A-Za-z_]\w*)\s*\.\s*run_until_complete\b", text))
    analysis = ctx.analysis(module, _NAMES | loop_names)
    nodes, blocks = {}, {}
    for own, name, runs in entry_loops(analysis):
        snapshot = ctx.imports.snapshot()
        plan = _project_hazard(ctx, runs[0]) or _plan(analysis, ctx.imports, ctx.tree(module), text, own, name, runs[0],
                                                       ctx.project)
        hook = exit_hook(ctx, analysis.imported_modules, text, ctx.tree(module)) if isinstance(plan, UseRunner) and not plan.span.form else None
        if hook is not None:  # the Runner would close a loop the old code left open (P11): explicit_loop keeps it open
            ctx.imports.restore(snapshot)
            plan = Leave(hook)
        plan = settle(ctx, plan)
        if plan is None:
            continue
        if not ctx.allows(plan.creation, *plan.span.runs):
            ctx.imports.restore(snapshot)  # a suppression comment: the imports it planned go too
            continue
        _apply(plan, nodes, blocks)
        ctx.record_change(plan.creation, "%d run_until_complete() calls -> with asyncio.Runner(); at the end "
                          "leftover tasks are now cancelled and async generators and the executor shut down%s"
                          % (len(plan.span.runs), "" if plan.span.form else "; the loop, never closed before, is "
                             "now closed at the end of the block"))
    # the request handler applies the planned imports
    return transform_along_paths(module, Rewriter(nodes, blocks), [*nodes, *blocks]) if nodes or blocks else module


def _plan(analysis, imports, tree, text, own, name, first, project=None):
    """UseRunner (the rewrite), Diagnose or DiagnoseAll, or Leave (not this pattern)."""
    frame, scopes = first.frame.node, first.frame.scopes()
    creators = [s for s in analysis.sites if s.call is not None and s.frame.node is frame and not s.call.args
                and analysis.resolve(s.expr, s.frame.scopes()) in LOOP_CREATORS]
    variable = LoopVariable(analysis, tree, name, own)
    if len(variable.runs()) < 2:
        return Leave("a single run belongs to asyncio_run")
    creation = next((s for s in creators if assigned_name(variable.parent, s.call) == name), None)
    if creation is None:
        return Leave("the loop comes from elsewhere: not this pattern")
    _, line, block = variable.creation(creation.call)
    if (not scope_block(analysis, own, block) or assignment_to(line, name) is not creation.call
            or analysis.bindings_in(name, own) != 1):
        return Diagnose("LS406", creation.call, "'%s' is not created by a plain statement of this entry block (nested "
                        "block, shared line, module level or assigned again); not rewritten to asyncio.Runner" % name)
    if re.search(r"KeyboardInterrupt|\bBaseException\b|\bexcept\s*:", text):
        return Diagnose("LS404", first.call, "Ctrl-C handling: under asyncio.Runner the first Ctrl-C cancels the "
                        "running coroutine instead of raising KeyboardInterrupt; check before using Runner")
    if re.search(r"\bcontextvars\b|\bContextVar\b|\bcopy_context\b|\bdecimal\b", text):
        return Diagnose("LS403", first.call, "this file uses contextvars: all runs of an asyncio.Runner share one "
                        "context, while each run_until_complete() got a fresh copy")
    foreign = sorted(LOOP_LIBRARIES & analysis.imported_modules)
    if foreign:
        return Diagnose("LS405", first.call, "this file imports %s, which changes how loops are made or run; "
                        "not rewritten to asyncio.Runner" % foreign[0])
    span = RunSpan(analysis, variable, creation.call, block, frame, scopes)
    if span.misfit is not None:
        return _misfit(name, span.misfit, span.misfit_index)
    set_call = span.set_call
    bad = uncertain_runs(analysis, span.runs)
    if bad:
        return DiagnoseAll(tuple(Diagnose("LS401", argument, "runner.run() needs a coroutine: this is not a call of an "
                                          "async def defined in this file") for argument in bad))
    skip = {id(creation.expr)} | ({id(set_call.func)} if set_call is not None else set())
    others = sync_loop_sites(analysis, MANAGES_LOOPS, skip)
    if others:
        return Diagnose("LS405", others[0].expr, "this code uses or replaces the current event loop outside a "
                        "coroutine; asyncio.Runner clears it at the end; not rewritten")
    pending = left_pending(tree, text) or starts_thread(text) or run_ends_differently(tree, text)
    if pending is not None:
        return Leave(pending)  # explicit_loop keeps one loop that cancels nothing (R5)
    after = _after_last_run(analysis, tree, block, span, scopes, project, text)
    if after is not None:
        return Leave("%s runs after the last run: Runner.close() runs the loop once more, where the old code never "
                     "ran it again (callbacks it scheduled would run)" % after)
    runner = analysis.free_name(("runner", "_runner", "loop_runner"), text)
    factory = creation.expr if set_call is None and meaning(analysis, creation) == "asyncio.new_event_loop" else None
    snapshot = imports.snapshot()
    for dropped in ([set_call.func] if set_call is not None else []) + ([creation.expr] if factory is None else []):
        imports.unused(analysis, dropped)
    runner_class = imports.reach(analysis, "asyncio", "Runner", creation.expr, scopes)
    if runner is None or runner_class is None:
        imports.restore(snapshot)
        return Diagnose("LS407", creation.call, "cannot name asyncio.Runner here; import asyncio")
    # Without close() the old loop stayed open and current to the end, so the block does too.
    return UseRunner(block, creation.call, span, runner, runner_class, factory)


def _after_last_run(analysis, tree, block, span, scopes, project, text):
    """The first statement between the last run and the end of the Runner's block that is not inert
    (after_run.py), as a short text, or None: Runner.close() runs the loop to cancel tasks and shut
    generators and the executor down, so a callback such a statement scheduled (`fut.set_result()`) would run
    there, where the old code's loop, closed or left open, never ran it (probe round 7, W26)."""
    line = span.runs[-1]
    while not isinstance(line, cst.SimpleStatementLine):
        line = tree.parent.get(id(line))
    closing = block.body[span.end] if span.end < len(block.body) else None
    in_try = span.form == "try" and any(node is closing for node in _ancestors(tree, line))
    top = closing.body if in_try else block
    rest = {id(statement) for statement in block.body[span.end:]}
    names = values_plain(tree, project, text) is None
    calls = inert_calls(text, project)
    for statement in following(lambda node: tree.parent.get(id(node)), line, top):
        if id(statement) in rest:
            break
        found = not_inert(analysis, scopes, statement, names=names, calls=calls)
        if found is not None:
            return found
    return None


def _ancestors(tree, node):
    while node is not None:
        node = tree.parent.get(id(node))
        yield node


def _project_hazard(ctx, first):
    """LS405/LS403 for what a project module this file imports may see (project_effects.py), else None. Work
    that module may leave pending, or its handling of cancellation and Ctrl-C, is left to explicit_loop's one
    loop, as in this file (pending_work.py, LS404)."""
    pending = imported_pending(ctx) or imported_interrupts(ctx)
    if pending is not None:
        return Leave(pending)
    hazard = imported_hazard(ctx)
    if hazard is not None:
        return Diagnose("LS405", first.call, "%s; not rewritten to asyncio.Runner" % hazard)
    shared = imported_context_vars(ctx)
    return Diagnose("LS403", first.call, "%s; not rewritten to asyncio.Runner" % shared) if shared else None


def _misfit(name, use, index):
    """The report for a use of the loop that fits no Runner block (RunSpan.misfit)."""
    if use.kind == "method" and use.attr == "run_until_complete" and index is not None:
        return Diagnose("LS406", use.call, "this run is not between the creation of '%s' and its close()" % name)
    if use.kind == "method" and use.attr == "close":
        return Diagnose("LS406", use.call, "this close() is not a plain statement after the runs (or the only "
                        "statement of a plain try's finally); not rewritten to asyncio.Runner")
    what = "%s.%s" % (name, use.attr) if use.attr else "'%s'" % name
    where = " outside the entry block (nested function, lambda or other code)" if index is None else ""
    return Diagnose("LS402", use.site.expr, "%s%s: the loop is used for more than run_until_complete()/close() in "
                    "one block; asyncio.Runner owns its loop" % (what, where))


def _apply(plan, nodes, blocks):
    for call in plan.span.runs:
        nodes[id(call.func)] = call.func.with_changes(value=cst.Name(plan.runner), attr=cst.Name("run"))
    blocks[id(plan.block)] = lambda updated: _build(plan, updated)


def _build(plan, block):
    """creation line -> `with ...Runner() as runner:` holding everything up to the close."""
    span = plan.span
    body, c, start, end, form = list(block.body), span.c, span.start, span.end, span.form
    creation = body[c]
    carry = [line for statement in body[c + 1:start] for line in comment_lines(statement)]
    inner = []

    def add(statement):
        if carry:
            statement = statement.with_changes(leading_lines=[*carry, *statement.leading_lines])
            del carry[:]
        inner.append(statement)

    for statement in body[start:end]:
        add(statement)
    footer = []
    if form == "try":
        node = body[end]
        carry.extend([*node.leading_lines, *header_comment(node.body)])
        for statement in node.body.body:
            add(statement)
        final = node.finalbody
        footer = [*carry, *node.body.footer, *final.leading_lines, *header_comment(final.body),
                  *comment_lines(final.body.body[0]), *final.body.footer]
    elif form == "close":
        footer = [*carry, *comment_lines(body[end])]
    args = []
    if plan.factory is not None:
        args = [cst.Arg(plan.factory, keyword=cst.Name("loop_factory"),
                        equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))]
    item = cst.WithItem(cst.Call(plan.runner_class, args), asname=cst.AsName(cst.Name(plan.runner)))
    with_node = cst.With([item], cst.IndentedBlock(inner, header=creation.trailing_whitespace, footer=footer),
                         leading_lines=creation.leading_lines)
    return block.with_changes(body=[*body[:c], with_node, *body[end + (1 if form else 0):]])
