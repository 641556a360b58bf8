"""LS803's unsafe fix (docs/SEMANTICS.md P4, "Unsafe fix (LS803)"), proposed by the get_running_loop transform.

An importable module that takes the loop at import time keeps whichever loop was current then (creating
one, with a warning on 3.12/3.13; raising on 3.14), although its coroutines later run on whatever loop
runs them. Where the variable serves only those coroutines, they can ask for the loop running them:

    loop = asyncio.get_event_loop()                  ->  (line removed)
    async def tick():                                     async def tick():
        return loop.time()                                    return asyncio.get_running_loop().time()

Only for a plain module-level line whose name is bound once in the file, read only in coroutines' own
bodies, and taken by no other module of the project (by the driver's project facts), in a file whose
import-time code makes, sets or runs no loop otherwise and that drives coroutines only with asyncio.
"""
import re
from dataclasses import dataclass
from typing import List, Optional

import libcst as cst

from .asyncio_api import FOREIGN_RUNNERS, LOOP_LIBRARIES, LOOP_RUN_METHODS, POLICY_TEXT, PRIMITIVES, steps_coroutines
from .edits import REMOVE, has_comment, replace_nodes
from .loop_patterns import Facts
from .loop_runs import MANAGES_LOOPS, sync_loop_sites
from .loop_variable import LoopVariable, assigned_name, only_statement
from .test_loops import import_time

CODE = "LS803"
EXPLANATION = (
    "the module-level `loop = get_event_loop()` goes, and each read of `loop` (all in coroutines' own\n"
    "bodies) becomes asyncio.get_running_loop(). Proposed where the line is a plain module-level statement,\n"
    "the name is bound once in the file and read nowhere else, no project module imports it or the module\n"
    "object (or names the module in a string), no other import-time code makes, sets or runs a loop, and the\n"
    "file drives coroutines only with asyncio, with no policy, loop library or *_threadsafe call (a worker\n"
    "thread's coroutine may mean the other loop). Coroutines running on the loop that was current at import\n"
    "get the same loop as before.\n"
    "What may change: (1) coroutines running on another loop (asyncio.run(), a Runner, a test runner's loop,\n"
    "another thread's loop) now use the loop running them, where they used the import-time loop: work they\n"
    "scheduled on it (call_soon, create_task, run_in_executor, create_future) ran only when that loop ran, or\n"
    "failed with 'attached to a different loop'; (2) importing the module no longer makes a loop current:\n"
    "the first get_event_loop() elsewhere creates it instead (and warns there on 3.12/3.13), and the import\n"
    "no longer warns or raises (3.14, a thread without a loop, after asyncio.run()); (3) code outside the\n"
    "project reading the module's attribute (`from mod import loop`, `mod.loop`) gets ImportError or\n"
    "AttributeError (see docs/SEMANTICS.md P4 in the loopshift repository). Take it when the module's users\n"
    "do not read its loop attribute and run its coroutines on a loop of their own.")
DESCRIPTION = "module-level %s = get_event_loop() -> asyncio.get_running_loop() where the coroutines read it"
_RUNS = frozenset(LOOP_RUN_METHODS)
_AT_IMPORT = MANAGES_LOOPS | PRIMITIVES  # read (primitives before 3.10, B2), make, set or run loops
_EXPORTED_OR_DELETED = r"""['"]%s['"]|\bdel\b[^\n]*\b%s\b"""  # in a string (__all__, getattr) or a del


@dataclass(frozen=True)
class ImportTimeLoop:
    """One proposal: the call, its line (removed), and the loads of the variable (each replaced)."""
    call: cst.Call
    expr: cst.BaseExpression
    line: cst.SimpleStatementLine
    loads: tuple  # the sites of the variable's loads, all in coroutines' own bodies


def propose(module: cst.Module, ctx) -> cst.Module:
    """The module with each qualifying import-time loop replaced (unsafe proposals); the same object when none."""
    if not ctx.unsafe or POLICY_TEXT.search(ctx.source) or steps_coroutines(ctx.source) or "threadsafe" in ctx.source:
        return module  # a policy, a foreign driver, or a loop handed across threads on purpose
    facts = Facts.shared(ctx, module)
    analysis = facts.analysis
    if (FOREIGN_RUNNERS | LOOP_LIBRARIES) & analysis.imported_modules:
        return module
    candidates = [s for s in facts.called_sites("asyncio.get_event_loop")
                  if s.frame.kind == "module" and ctx.proposes(s.call, CODE)]
    names = {assigned_name(facts.up, s.call) for s in candidates} - {None}
    if not names:
        return module
    variables = ctx.analysis(module, _AT_IMPORT | _RUNS | names)
    if _loops_at_import(variables, {id(s.expr) for s in facts.called_sites("asyncio.get_event_loop")}):
        return module  # import-time code makes, sets or runs a loop: decline the whole file
    tree = ctx.tree(module)
    found = [f for f in (find_loop(ctx, facts, variables, tree, s) for s in candidates) if f]
    return _apply(module, ctx, analysis, found) if found else module


def _loops_at_import(analysis, ours) -> bool:
    """Import-time code (module level, class bodies, outside the main guard) that reads, makes, sets or runs
    a loop (a queue, lock or event made there reads it before 3.10). get_event_loop() calls (`ours`) do not
    count: whichever runs first makes the loop current, and the others return it, with or without ours."""
    for site in sync_loop_sites(analysis, _AT_IMPORT, skip=ours):
        if import_time(site.frame) and not site.in_main_guard:
            return True
    return any(s.terminal in _RUNS and s.call is not None and import_time(s.frame) and not s.in_main_guard
               for s in analysis.sites)


def find_loop(ctx, facts, variables, tree, site) -> Optional[ImportTimeLoop]:
    """The proposal for a module-level `NAME = get_event_loop()`, or None when the shape or its uses do not
    qualify (docs/SEMANTICS.md P4, "Unsafe fix (LS803)")."""
    analysis = facts.analysis
    if (site.call.args or site.in_main_guard or analysis.entry_kind(site) is not None
            or facts.loop_set_before(site)):
        return None
    name = assigned_name(facts.up, site.call)
    line = facts.up(facts.up(site.call))
    if (name is None or only_statement(line) is None or facts.up(line) is not analysis.module
            or line.trailing_whitespace.comment is not None or has_comment(line.body[0])
            or len(analysis.bindings.get(name, ())) != 1):
        return None
    if _why_reachable(ctx.project, name) or re.search(_EXPORTED_OR_DELETED % (name, name), ctx.source):
        return None  # other modules may read it, __all__ may export it, or it is deleted
    loads = LoopVariable(variables, tree, name, analysis.module).uses
    if not loads or any(not use.site.in_coroutine_body or not ctx.proposes(use.site.expr, CODE) for use in loads):
        return None
    return ImportTimeLoop(site.call, site.expr, line, tuple(use.site for use in loads))


def _why_reachable(project, name) -> Optional[str]:
    """Why a module other than this one may read `name`, by the driver's facts (src/project-model.ts)."""
    if not project:
        return "no project facts"
    if project.get("scriptOnly") is True:
        return None
    if "importedWhole" not in project or not isinstance(project.get("importedNames"), list):
        return "the driver did not say what other modules import"
    if project["importedWhole"] or name in project["importedNames"] or "*" in project["importedNames"]:
        return "a project module imports it or the module object"
    if project.get("namedInStrings"):
        return "a project module names this module in a string"
    return None


def _apply(module, ctx, analysis, found: List[ImportTimeLoop]) -> cst.Module:
    mapping = {}
    for loop in found:
        snapshot = ctx.imports.snapshot()
        edits = {id(loop.line): _removal(module, loop.line)}
        for site in loop.loads:
            getter = ctx.imports.reach(analysis, "asyncio", "get_running_loop", loop.expr, site.frame.scopes())
            if getter is None:
                break
            edits[id(site.expr)] = cst.Call(func=getter.deep_clone())
        else:
            if isinstance(loop.expr, cst.Name):
                ctx.imports.unused(analysis, loop.expr)  # `from asyncio import get_event_loop` may go
            mapping.update(edits)
            ctx.record_change(loop.call, DESCRIPTION % loop.line.body[0].targets[0].target.value,
                              applicability="unsafe", code=CODE)
            continue
        ctx.imports.restore(snapshot)  # get_running_loop cannot be named here: no proposal for this one
    return replace_nodes(module, mapping) if mapping else module


def _removal(module, line):
    """REMOVE (its leading lines go to the next statement), or RemovalSentinel.REMOVE when they are blank lines
    only and the next statement has as many of its own: no gap of three blank lines, none closed up either."""
    leading = line.leading_lines
    body = list(module.body)
    following = body[body.index(line) + 1] if body.index(line) + 1 < len(body) else None
    if (any(empty.comment is not None for empty in leading) or following is None
            or len(following.leading_lines) < len(leading)):
        return REMOVE
    return cst.RemovalSentinel.REMOVE
