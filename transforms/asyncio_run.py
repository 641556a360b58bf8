"""Entry-point runners -> asyncio.run(main()) (docs/SEMANTICS.md P3a; also P7, P11, P12, P14).

Rewritten, only on the script's entry path (or in a sync function that owns its loop), and only when
every P3a condition holds in this file:
    loop = asyncio.get_event_loop(); [x =] loop.run_until_complete(main()); [loop.close()]
    [x =] asyncio.get_event_loop().run_until_complete(main())
    loop = ...; try: loop.run_until_complete(main()) finally: loop.close()
    loop = asyncio.new_event_loop(); [asyncio.set_event_loop(loop)]; try: ... finally: loop.close()
gather()/wait_for()/shield() arguments get an `async def` wrapper (P7), never asyncio.run(gather(...)).
The loop handed to the coroutine, `loop.run_until_complete(go(loop))`, becomes `asyncio.run(go())` with
the parameter gone and, when go still reads it, `loop = asyncio.get_running_loop()` first in go (P3d:
the conditions are handed_loop.py's, on top of P3a's).

Accepted asyncio.run differences (R4, R5; P3a condition 7), and how this file is checked for each:
leftover tasks are cancelled (declined if the file creates tasks, callbacks, executor jobs, servers,
async generators, asyncio.wait/as_completed, or a gather() that may return early); on 3.11+ Ctrl-C
cancels main first (declined if the file handles KeyboardInterrupt, CancelledError, BaseException or
has a bare except).
A project module this file imports that may leave work pending (the same evidence, anywhere in it), that
handles CancelledError or KeyboardInterrupt,
reads or sets the current loop outside a coroutine (or makes primitives, before 3.10) declines it
(project_effects.py). On 3.7 asyncio.run() forces debug off,
which changes behaviour under PYTHONASYNCIODEBUG/-X dev (debug mode raises on thread-unsafe calls),
so rewrites need target 3.8 (R3); the RuntimeError diagnostics apply from 3.7.

A failed condition at an entry site is not reported here: explicit_loop (ORDER 50) handles that site.

Asked for unsafe proposals, it first proposes LS805's fix (loop_diagnostics' sync tests): asyncio.run() for
a sync test's one run on the implicit loop (loopshift_support/sync_test_proposal.py, docs/SEMANTICS.md P13,
"Unsafe fix (LS805)").
"""
import libcst as cst

from loopshift_support import sync_test_proposal
from loopshift_support.after_run import code_after_run
from loopshift_support.asyncio_api import SITE_MODULES
from loopshift_support.edits import REMOVE, has_comment, replace_nodes
from loopshift_support.entry_path import EVERYTHING, READERS
from loopshift_support.handed_loop import handed_edits, handed_run
from loopshift_support.loop_lifecycle import NAMES, Lifecycle
from loopshift_support.project_effects import imported_hazard, imported_interrupts, imported_pending
from loopshift_support.run_rewrite import try_comments_free, without_close, wrappable

NAME = "asyncio_run"
DESCRIPTION = ("entry-point get_event_loop()/new_event_loop() + run_until_complete -> asyncio.run() "
               "(rewrites from 3.8; 3.7: reports only)")
TRIGGERS = ("run_until_complete",)
TRIGGER_PATTERNS = (r"\brun\s*\(",)  # asyncio.run() inside coroutines (LS201)
REQUIRES = ("asyncio",)
MIN_TARGET = (3, 7)  # LS201/LS202 from 3.7; rewrites only from 3.8 (docs/SEMANTICS.md R3)
SITE_NAMES = NAMES  # names found in the text are added per file
RESOLVES_THROUGH = SITE_MODULES
ORDER = 30
LEAVES_TO = {"explicit_loop": "entry-point get_event_loop() sites where a P3a condition fails (not reported here)"}
CODES = {
    "LS201": ("asyncio.run() called inside a coroutine",
              "asyncio.run() raises RuntimeError('asyncio.run() cannot be called from a running event\n"
              "loop') when a loop is already running in the thread, which is always the case inside a\n"
              "coroutine. Fix: await the coroutine (or asyncio.create_task() it) instead."),
    "LS202": ("run_until_complete() called inside a coroutine",
              "On an asyncio loop, run_until_complete() raises RuntimeError ('This event loop is already\n"
              "running', or 'Cannot run the event loop while another loop is running') whenever a loop runs\n"
              "in the thread, which is always the case inside a coroutine. Fix: await the coroutine instead;\n"
              "for blocking code, move the call out of the coroutine."),
}
# Unsafe proposals (README "Safe and unsafe fixes"): the diagnostic code each answers, and what it may change.
PROPOSALS = {sync_test_proposal.CODE: sync_test_proposal.EXPLANATION}


def transform(module: cst.Module, ctx) -> cst.Module:
    proposed = sync_test_proposal.propose(module, ctx)
    if proposed is not module:
        return proposed  # the next pass, over this version, does the safe part (one module version per run)
    if not _worth_a_look(ctx.analysis(module, NAMES)):
        return module  # the full lifecycle analysis costs several visits: skip files it cannot act on
    lc = Lifecycle.of(ctx, module)
    _diagnose_runs_in_coroutines(lc, ctx)
    if ctx.target < (3, 8) or imported_hazard(ctx) or imported_pending(ctx) or imported_interrupts(ctx):
        return module  # another project module may see the difference: explicit_loop rewrites or reports it
    imports = ctx.imports
    mapping = {}
    for site in lc.sites_of("asyncio.get_event_loop", "asyncio.new_event_loop"):
        meaning = lc.meaning(site)
        if site.call is None or site.call.args:
            continue
        pattern, _ = lc.run_pattern(site)
        handed = handed_run(ctx, lc, site) if pattern is None else None  # P3d
        pattern, wrap = _applicable(lc, site, meaning, handed.pattern if handed else pattern)
        handed = handed if pattern is not None else None
        if pattern is not None and ctx.allows(site.call, pattern.assign_line, pattern.set_line, pattern.ruc_line,
                                              pattern.close_line, pattern.unset_line, pattern.try_node,
                                              handed and handed.function):
            snapshot = imports.snapshot()
            edits = _rewrite(lc, pattern, wrap, imports, handed)
            if edits:
                mapping.update(edits)
                ctx.record_change(site.call, "%s + run_until_complete -> asyncio.run() (new loop, closed, leftover "
                                  "tasks cancelled; on 3.11+ Ctrl-C cancels the main task first)%s" % (
                                      meaning[8:], _HANDED % handed.function.name.value if handed else ""))
            else:
                imports.restore(snapshot)
    return replace_nodes(module, mapping)  # the request handler applies the planned imports


def _worth_a_look(analysis) -> bool:
    """Runs inside coroutines (LS201/LS202), or loops made on the entry path or in a sync function."""
    for site in analysis.sites:
        if site.call is None:
            continue
        if site.terminal == "run_until_complete" and site.in_coroutine_body:
            return True
        meaning = analysis.resolve(site.expr, site.frame.scopes())
        if meaning == "asyncio.run" and site.in_coroutine_body:
            return True
        if meaning in ("asyncio.get_event_loop", "asyncio.new_event_loop") and analysis.maybe_entry(site):
            return True
        if (meaning == "asyncio.new_event_loop" and site.frame.kind == "def" and site.async_extent is None
                and id(site.call) in analysis.assigned_to):
            return True  # `loop = new_event_loop()` in a sync function may own its loop
    return False


def _diagnose_runs_in_coroutines(lc, ctx) -> None:
    if "nest_asyncio" in lc.analysis.imported_modules:
        return  # nest_asyncio makes both re-entrant
    runs = {id(site) for site in lc.sites_of("asyncio.run")}
    for site in lc.sites_of("asyncio.run") + lc.sites("run_until_complete"):
        if site.call is None or not site.in_coroutine_body:
            continue
        if id(site) in runs:
            ctx.diagnose(site.call, "LS201", "asyncio.run() inside a coroutine raises RuntimeError (a loop is "
                         "already running); await the coroutine instead")
        elif site.terminal == "run_until_complete" and isinstance(site.expr, cst.Attribute):
            ctx.diagnose(site.call, "LS202", "run_until_complete() inside a coroutine raises RuntimeError on an "
                         "asyncio loop (a loop is already running); await the coroutine instead")


_HANDED = "; the loop handed to %s() is its running loop (docs/SEMANTICS.md P3d)"


def _applicable(lc, site, meaning, pattern):
    """(pattern, wraps) when every P3a condition holds, else (None, False)."""
    if pattern is None:
        return None, False
    ruc, scopes = pattern.ruc, site.frame.scopes()
    if len(ruc.args) != 1 or ruc.args[0].keyword is not None or ruc.args[0].star:
        return None, False
    arg = ruc.args[0].value
    wrap = not lc.async_def_call(arg, scopes)
    if (wrap and not wrappable(lc, arg, scopes)) or lc.file_facts_against_run(pattern):
        return None, False
    entry, repeats = lc.entry(site)
    skip = pattern.removed_lines + [ruc.func] + ([arg.func] if wrap else [])
    if meaning == "asyncio.get_event_loop":
        if entry is None or repeats:
            return None, False
        # Condition 3 (nothing before set, ran or bound a loop) and 4 (nothing after reads it).
        if (lc.scan(entry, pattern.ruc_line, -1, EVERYTHING, inner=ruc, skip=skip)
                or lc.scan(entry, pattern.ruc_line, +1, READERS, inner=ruc, skip=skip)
                or code_after_run(lc, entry, pattern)):
            return None, False
        return pattern, wrap
    return (pattern, wrap) if _owns(lc, pattern, entry, repeats, skip) else (None, False)


def _owns(lc, pattern, entry, repeats, skip) -> bool:
    """new_event_loop(): the function creates, runs once and closes its own loop. asyncio.run() leaves
    None as the current loop where the original left its (closed) loop set or the old one in place
    (P11): accept only when nothing can observe that - the rest of the entry path reads no loop, the
    original also ends with set_event_loop(None), or the function is only a Thread target (P14)."""
    site = pattern.site
    if pattern.var is None:
        return False
    if entry is not None:
        # Code before the run that reads the current loop (the set one) configures it for the run, where asyncio.run()
        # makes another (`asyncio.get_event_loop().set_exception_handler(h)`: probe round 13, E W1).
        return not repeats and not lc.scan(entry, pattern.ruc_line, +1, READERS, inner=pattern.ruc, skip=skip) \
            and not lc.scan(entry, pattern.ruc_line, -1, READERS, inner=pattern.ruc, skip=skip) \
            and not code_after_run(lc, entry, pattern)
    fn = site.frame.node
    if (site.frame.kind != "def" or site.async_extent is not None or id(fn) in lc.facts.generators
            or not lc.closes_in_finally(pattern) or lc.repeats(pattern.assign_line, fn)):
        return False
    # A thread target's closed loop stays current in its thread after the old code, where asyncio.run() leaves
    # none: only when the try is the target's last statement does nothing in the thread read it (round 12, W2).
    return pattern.unset_line is not None or (lc.thread_target_only(fn) and fn.body.body[-1] is pattern.try_node)


def _rewrite(lc, pattern, wrap, imports, handed=None):
    """{id(node): replacement}, or None when comments could not all be kept."""
    for line in pattern.removed_lines:
        if line.trailing_whitespace.comment is not None or has_comment(line.body[0]):
            return None
    site, ruc = pattern.site, pattern.ruc
    arg = ruc.args[0].value
    wrapper = _wrapper_name(lc) if wrap else None
    new_line = pattern.ruc_line
    unwrap = pattern.try_node is not None and lc.closes_in_finally(pattern)
    if unwrap and not try_comments_free(pattern):
        return None
    if wrap and wrapper is None:
        return None
    run = imports.reach(lc.analysis, "asyncio", "run", site.call.func, site.frame.scopes())
    if run is None:
        return None
    call_arg = cst.Call(func=cst.Name(wrapper)) if wrap else arg
    mapping = {}
    if handed is not None:  # P3d
        edits = handed_edits(lc, handed, imports, site.call.func)
        if edits is None:
            return None
        mapping[id(handed.function)], call_arg = edits
    new_ruc = ruc.with_changes(func=run, args=[ruc.args[0].with_changes(value=call_arg)])
    new_line = new_line.deep_replace(ruc, new_ruc)
    lines = [new_line]
    if wrap:
        body = cst.IndentedBlock([cst.SimpleStatementLine([cst.Return(value=cst.Await(expression=arg))])])
        # At a script's top level (docs/SEMANTICS.md P3c) the new def gets PEP 8's two blank lines after it.
        after = [cst.EmptyLine()] * 2 if isinstance(lc.parent(pattern.ruc_line), cst.Module) else []
        lines = [cst.FunctionDef(name=cst.Name(wrapper), params=cst.Parameters(), body=body,
                                 asynchronous=cst.Asynchronous(), leading_lines=new_line.leading_lines),
                 new_line.with_changes(leading_lines=after)]
    for line in (pattern.assign_line, pattern.set_line):
        if line is not None:
            mapping[id(line.body[0])] = REMOVE  # removing the statement hands the line's comments on
    imports.unused(lc.analysis, site.call.func)
    for line in (pattern.set_line, pattern.unset_line):
        if line is not None:
            imports.unused(lc.analysis, line.body[0].value.func)
    if unwrap:
        mapping[id(pattern.try_node)] = without_close(pattern, lines)
    else:
        mapping[id(pattern.ruc_line)] = cst.FlattenSentinel(lines) if len(lines) > 1 else lines[0]
        if pattern.close_line is not None:
            mapping[id(pattern.close_line.body[0])] = REMOVE
    return mapping


def _wrapper_name(lc):
    return lc.analysis.free_name(("_main", "_run_main", "_loopshift_main"))
