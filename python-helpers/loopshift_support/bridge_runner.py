"""LS802's unsafe fix (docs/SEMANTICS.md P2, "Unsafe fix (LS802)"), proposed by the runner transform.

A sync bridge runs a coroutine on whatever loop get_event_loop() gives (implicitly created, warned
about on 3.12/3.13, refused on 3.14). The fix gives the file one loop of its own, made on the first
call and closed at exit, that every bridge of the file runs on: at target 3.11+ an asyncio.Runner
(each run in a copy of the caller's context, as run_until_complete() did); below 3.11, where there is no
Runner, one new_event_loop() made current and run with run_until_complete() itself, so that each run,
Ctrl-C and the context behave as before (runner runs from 3.7 for this proposal alone).
Proposed only for plain shapes, directly in a sync def's own body:

    return asyncio.get_event_loop().run_until_complete(work(x))     ->  return _run_sync(work(x))
    loop = asyncio.get_event_loop()                                  ->  (line removed)
    ... loop.run_until_complete(work(x)) ...                          ->  ... _run_sync(work(x)) ...

where every run's argument is a call of a plain async def of this file (R2) and the def is no thread
target, test, generator or loop holder. Everything else keeps LS802 without a proposal.
"""
from dataclasses import dataclass
from typing import List, Optional, Tuple

import libcst as cst

from .asyncio_api import INTROSPECTION, LOOP_LIBRARIES, POLICY_TEXT
from .edits import REMOVE, has_comment, replace_nodes
from .loop_patterns import NAMES as LOOP_NAMES, Facts
from .loop_runs import is_generator, uncertain_runs
from .loop_variable import LoopVariable, assigned_name

CODE = "LS802"
EXPLANATION = (
    "one loop for the file, made on the first call and closed at exit: the bridge calls a new module-level\n"
    "helper, _run_sync(coro()), which runs the coroutine on it; at target 3.11+ that loop is an asyncio.Runner\n"
    "(each run in a copy of the caller's context, as run_until_complete() did), below 3.11 one\n"
    "new_event_loop() made current, each run its run_until_complete(). Proposed where the get_event_loop()\n"
    "call is the sync def's own body, every run's argument is a call of an async def of this file (Runner.run()\n"
    "takes only coroutines), and the def is not a thread target, a test or a generator. Loop-bound state\n"
    "(sessions, locks, queues) made in one call keeps working in the next, as before.\n"
    "What may change: (1) the bridge no longer runs on a loop the program made current before its first\n"
    "call: the file's own loop is made current then, and objects already tied to the old loop fail with\n"
    "'attached to a different loop'; (2) where get_event_loop() warned (3.12/3.13) or raised (after an\n"
    "asyncio.run(), in a thread without a loop of its own, on 3.14), the bridge now runs; (3) called while a\n"
    "loop runs in its thread it still raises RuntimeError, with another message; (4) all threads share the\n"
    "loop: a call while another thread is inside one raises RuntimeError ('This event loop is already\n"
    "running'), with the Runner after scheduling its coroutine on that thread's loop; (5) at exit the loop is\n"
    "closed, where before it stayed open: the Runner first cancels leftover tasks, finalises async generators\n"
    "and joins the default executor, and leaves no loop current; below 3.11 leftover tasks are destroyed\n"
    "('Task was destroyed but it is pending!', their finally blocks run) and the closed loop stays current;\n"
    "atexit handlers registered before the first call run after that close; (6) with the Runner only, the\n"
    "first Ctrl-C in the main thread cancels the running coroutine, and KeyboardInterrupt follows only if the\n"
    "coroutine lets the cancellation through (see docs/SEMANTICS.md P2 and R4 in the loopshift repository).\n"
    "Take it when nothing else in the program makes a loop current or runs one in the threads that call the\n"
    "bridges.")
DESCRIPTION = ("get_event_loop().run_until_complete() -> %s(): one %s for every call, closed at exit; "
               "see loopshift --explain LS802")


@dataclass(frozen=True)
class Bridge:
    """One proposal: the get_event_loop() call it answers, the runs it rewrites, the line it removes."""
    call: cst.Call
    expr: cst.BaseExpression  # get_event_loop itself (a Name when from-imported)
    runs: Tuple[cst.Call, ...]
    removed: Optional[cst.SimpleStatementLine]
    top: int  # index in module.body of the statement holding the bridge


def propose(module: cst.Module, ctx) -> cst.Module:
    """The module with every plain bridge rewritten (unsafe proposals); the same object when none."""
    if not ctx.unsafe or POLICY_TEXT.search(ctx.source):
        return module
    facts = Facts.shared(ctx, module)
    analysis = facts.analysis
    if LOOP_LIBRARIES & analysis.imported_modules:
        return module
    candidates = [s for s in facts.called_sites("asyncio.get_event_loop") if ctx.proposes(s.call, CODE)]
    if not candidates:
        return module
    text = ctx.code(module)
    names = {assigned_name(facts.up, s.call) for s in candidates} - {None}
    variables = ctx.analysis(module, LOOP_NAMES | names) if names else analysis
    bridges = [b for b in (find_bridge(module, facts, variables, ctx.tree(module), s) for s in candidates) if b]
    if not bridges:
        return module
    return _apply(module, ctx, analysis, text, bridges)


def find_bridge(module, facts, variables, tree, site) -> Optional[Bridge]:
    """The Bridge for a get_event_loop() site loop_diagnostics reports as LS802, or None when the shape
    is not plain (docs/SEMANTICS.md P2, "Unsafe fix (LS802)")."""
    analysis, frame = facts.analysis, site.frame
    if (site.call.args or site.async_extent is not None or frame.kind != "def" or frame.node is not site.extent
            or frame.parent is None or frame.parent.kind not in ("module", "class")
            or analysis.entry_kind(site) is not None):
        return None
    function = frame.node
    if (id(function) in facts.thread_targets or facts.is_test_code(function) or is_generator(function)
            or facts.captured(site, frame) or facts.loop_set_before(site) or not facts.bridge(site, frame)):
        return None
    chained = facts.up(site.call)
    if isinstance(chained, cst.Attribute):  # get_event_loop().run_until_complete(...)
        run = facts.up(chained)
        if has_comment(chained) or uncertain_runs(analysis, [run]):
            return None
        return Bridge(site.call, site.expr, (run,), None, _top(module, facts, function))
    return _through_variable(module, facts, variables, tree, site, function)


def _through_variable(module, facts, variables, tree, site, function) -> Optional[Bridge]:
    """`loop = get_event_loop()` as a plain line of the def's body, the loop used only by runs after it."""
    name = assigned_name(facts.up, site.call)
    assign = facts.up(site.call)
    line = facts.up(assign)
    if (name is None or not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1
            or facts.up(line) is not function.body or line.trailing_whitespace.comment is not None
            or variables.bindings_in(name, function) != 1):
        return None
    variable = LoopVariable(variables, tree, name, function)
    runs = [use.call for use in variable.uses if use.kind == "method" and use.attr == "run_until_complete"
            and use.site.extent is function and not has_comment(use.call.func)]
    if not runs or len(runs) != len(variable.uses) or uncertain_runs(variables, runs):
        return None
    at = variable.index(line, function.body)
    if any(variable.index(run, function.body) is None or variable.index(run, function.body) <= at for run in runs):
        return None  # a run before the loop exists (or outside the body): not this shape
    if INTROSPECTION.search(module.code_for_node(function.body)):
        return None  # locals(), vars(), eval() or exec() could still see the variable the fix removes
    return Bridge(site.call, site.expr, tuple(runs), line, _top(module, facts, function))


def _top(module, facts, node) -> int:
    while facts.up(node) is not module:
        node = facts.up(node)
    return next(i for i, statement in enumerate(module.body) if statement is node)


def _apply(module, ctx, analysis, text, bridges: List[Bridge]) -> cst.Module:
    modern = ctx.target >= (3, 11)
    helper = analysis.free_name(("_run_sync", "_run_coroutine_sync", "_loopshift_run_sync"), text)
    holder = analysis.free_name(("_sync_runner", "_bridge_runner") if modern else ("_sync_loop", "_bridge_loop"),
                                text)
    scopes = (module,)
    snapshot = ctx.imports.snapshot()
    needs = ("asyncio", "atexit") + (("contextvars",) if modern else ())
    reached = [ctx.imports.reach_module(analysis, name, scopes) for name in needs]
    if helper is None or holder is None or any(expr is None for expr in reached):
        ctx.imports.restore(snapshot)
        return module  # no free names, or a module name is taken: LS802 stays without a proposal
    spelled = dict(zip(needs, (module.code_for_node(expr) for expr in reached)))
    mapping = {}
    for bridge in bridges:
        for run in bridge.runs:
            mapping[id(run)] = run.with_changes(func=cst.Name(helper))
        if bridge.removed is not None:
            mapping[id(bridge.removed)] = REMOVE
        if isinstance(bridge.expr, cst.Name):
            ctx.imports.unused(analysis, bridge.expr)  # `from asyncio import get_event_loop` may go
        ctx.record_change(bridge.call, DESCRIPTION % (helper, "asyncio.Runner" if modern else "event loop"),
                          applicability="unsafe", code=CODE)
    edited = replace_nodes(module, mapping)
    top = min(bridge.top for bridge in bridges)
    added = helper_statements(module, helper, holder, spelled, modern)
    return edited.with_changes(body=[*edited.body[:top], *added, *edited.body[top:]])


def helper_statements(module, helper, holder, spelled, modern) -> List[cst.BaseStatement]:
    """`holder = None` and the helper def, in the module's own newline and indentation."""
    i, nl = module.default_indent, module.default_newline
    if modern:
        doc = "Run coro on one asyncio.Runner for every call, closed at exit; in a copy of the caller's context."
        make = ["%s = %s.Runner()" % (holder, spelled["asyncio"])]
        run = "%s.run(coro, context=%s.copy_context())" % (holder, spelled["contextvars"])
    else:
        doc = "Run coro on one event loop, made current, kept for every call and closed at exit."
        make = ["%s = %s.new_event_loop()" % (holder, spelled["asyncio"]),
                "%s.set_event_loop(%s)" % (spelled["asyncio"], holder)]
        run = "%s.run_until_complete(coro)" % holder
    lines = ["%s = None" % holder, "", "", "def %s(coro):" % helper, i + '"""%s"""' % doc,
             i + "global %s" % holder, i + "if %s is None:" % holder, *(i + i + line for line in make),
             i + i + "%s.register(%s.close)" % (spelled["atexit"], holder), i + "return " + run]
    parsed = cst.parse_module(nl.join(lines) + nl, config=module.config_for_parsing)
    blank = [cst.EmptyLine(), cst.EmptyLine()]
    first, second = parsed.body
    return [first.with_changes(leading_lines=blank), second.with_changes(leading_lines=blank)]
