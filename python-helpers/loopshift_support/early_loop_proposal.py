"""LS301's unsafe fix (docs/SEMANTICS.md P3b, "Unsafe fix (LS301)"), proposed by explicit_loop.

explicit_loop rewrites an entry-path `loop = get_event_loop()` to new_event_loop() + set_event_loop() only
when nothing earlier on the entry path may have made, set or used a current loop (LS301 otherwise): the
earlier code got the implicit loop, and the site returns that same loop. When that earlier code only
*reads* the current loop (another get_event_loop(), ensure_future()/Future()/gather() outside a
coroutine, a primitive made on <= 3.9, a function of this file that only does such things), the fix makes
the loop first instead, right before the first such statement, so that the earlier code and the runs
share it as before:

    if __name__ == "__main__":                      if __name__ == "__main__":
        job = asyncio.ensure_future(work())    ->       loop = asyncio.new_event_loop()
        loop = asyncio.get_event_loop()                  asyncio.set_event_loop(loop)
        loop.run_until_complete(job)                     job = asyncio.ensure_future(work())
                                                         loop.run_until_complete(job)

(the chained `get_event_loop().run_until_complete(...)` gets a free name for the loop). Proposed only where
the site's line and every earlier reader sit directly in one block, the main guard's body or the entry
function's (never at import time), the site's name is used nowhere before the site, and nothing earlier
sets, runs or replaces a loop, installs a policy or calls code loopshift cannot see. One per block.
"""
from typing import Dict, List, Optional

import libcst as cst

from .edits import REMOVE, has_comment
from .entry_path import EVERYTHING

CODE = "LS301"
EXPLANATION = (
    "the loop is made first: `loop = asyncio.new_event_loop(); asyncio.set_event_loop(loop)` moves right\n"
    "before the first earlier statement that reads the current loop, and the get_event_loop() line goes (a\n"
    "chained get_event_loop().method(...) uses a new variable). Proposed only where everything earlier on\n"
    "the entry path that touches the loop only reads it (another get_event_loop(), ensure_future(),\n"
    "Future() or gather() outside a coroutine, an asyncio primitive made on Python <= 3.9, a function of\n"
    "this file doing only that), all of it in the same block as the site - the main guard's body or the\n"
    "entry function's body, never import-time code - and the site's variable is used nowhere before it.\n"
    "Not when earlier code runs or sets a loop (asyncio.run, set_event_loop, new_event_loop, a run),\n"
    "installs a policy or calls code from outside the standard library. Those readers got the implicit\n"
    "loop, which get_event_loop() here returned, so they still share one loop with the runs.\n"
    "What may change: (1) the readers no longer create the loop: on 3.12/3.13 their DeprecationWarning\n"
    "('There is no current event loop') is gone, and on 3.14, where they raised RuntimeError, they now\n"
    "run; (2) the loop exists from the new line on, so if the code between fails or exits before any\n"
    "reader ran, a loop was made and set anyway (before: none), closed only where a close() covers that\n"
    "path; (3) the statements between the new line and the old site that read no loop now run with one\n"
    "current, which matters only to code that looks at the current loop without loopshift seeing it (see\n"
    "docs/SEMANTICS.md P3b in the loopshift repository). Take it when the earlier code is meant to run on\n"
    "the loop the entry point runs.")
DESCRIPTION = ("get_event_loop() -> new_event_loop() + set_event_loop() made before the earlier code that "
               "reads the loop; see loopshift --explain LS301")
_READERS = frozenset({"get", "bind", "read"})   # consult the current loop; never set, run or replace one
_WRITERS = frozenset(EVERYTHING - _READERS)


def propose(ctx, lc, sites) -> Dict[int, object]:
    """Edits (replace_nodes mapping) for the LS301 sites that get the fix; {} when none do."""
    mapping: Dict[int, object] = {}
    blocks = set()
    for site in sites:
        if not ctx.proposes(site.call, CODE):
            continue
        snapshot = ctx.imports.snapshot()
        edits = _plan(ctx, lc, site, blocks)
        if edits is None:
            ctx.imports.restore(snapshot)
            continue
        mapping.update(edits)
        ctx.record_change(site.call, DESCRIPTION, applicability="unsafe", code=CODE)
    return mapping


def _plan(ctx, lc, site, blocks) -> Optional[Dict[int, object]]:
    entry, repeats = lc.entry(site)
    if entry is None or repeats or site.call is None or site.call.args or (entry.fn is not None and entry.call is None):
        return None
    line = lc.line_of(site.call)
    block = lc.parent(line)
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1 or not _entry_block(lc, entry, block):
        return None
    if id(block) in blocks or has_comment(line.with_changes(leading_lines=[])):
        return None
    body = list(block.body)
    at = body.index(line)
    first = _first_reader(lc, entry, site, line, block, body, at)
    if first is None:
        return None
    form = _form(lc, site, line, body[at + 1:])
    if form is None:
        return None
    scopes = site.frame.scopes()
    new = ctx.imports.reach(lc.analysis, "asyncio", "new_event_loop", site.call.func, scopes)
    set_ = ctx.imports.reach(lc.analysis, "asyncio", "set_event_loop", site.call.func, scopes)
    if new is None or set_ is None or not all(_bound_before(lc, expr, body[first]) for expr in (new, set_)):
        return None
    ctx.imports.unused(lc.analysis, site.call.func)
    blocks.add(id(block))
    return form(site, new, set_, body[first])


def _entry_block(lc, entry, block) -> bool:
    """The block is the main guard's body, or the entry function's (where the site runs once)."""
    if not isinstance(block, cst.IndentedBlock):
        return False
    owner = lc.parent(block)
    if entry.kind == "main-guard":
        return isinstance(owner, cst.If) and owner.body is block and any(g is owner for g in lc.analysis.main_guards)
    return owner is entry.fn


def _first_reader(lc, entry, site, line, block, body, at) -> Optional[int]:
    """The index in body of the first statement holding an earlier activity, when every earlier activity
    only reads the current loop and sits in a statement of this block before the site; else None."""
    writers = lc.touching(_WRITERS, lc.class_only_install)
    first = None
    for hit in lc.hits(entry, line, -1, EVERYTHING, inner=site.call, skip=(site.expr,), exempt=lc.class_only_install):
        category = hit.label[0]
        if category not in _READERS or hit.anytime or hit.site.terminal in writers:
            return None
        index = _statement_index(lc, hit.site.expr, block, body)
        if index is None or index >= at:
            return None
        first = index if first is None else min(first, index)
    return first


def _statement_index(lc, node, block, body) -> Optional[int]:
    while node is not None and lc.parent(node) is not block:
        node = lc.parent(node)
    return next((i for i, statement in enumerate(body) if statement is node), None) if node is not None else None


def _bound_before(lc, expr, statement) -> bool:
    """The name the expression starts with is imported before the statement, if this file imports it."""
    while isinstance(expr, cst.Attribute):
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return False
    start = lc.span(statement)[0]
    return all(lc.span(node)[0] < start for node, _scope in lc.analysis.import_bindings(expr.value)
               if id(node) in lc.tree.span)


def _form(lc, site, line, after: List[cst.BaseStatement]):
    """The edit for this shape of site, or None: `name = get_event_loop()` moves (its name unused before
    it); a chained `get_event_loop().method(...)` statement takes a free name."""
    statement = line.body[0]
    if isinstance(statement, (cst.Assign, cst.AnnAssign)) and statement.value is site.call:
        target = statement.targets[0].target if isinstance(statement, cst.Assign) and len(statement.targets) == 1 \
            else getattr(statement, "target", None)
        if not isinstance(target, cst.Name) or _used_before(lc, target, line):
            return None
        return lambda site, new, set_, first: {
            id(line): REMOVE,
            id(first): cst.FlattenSentinel([
                cst.SimpleStatementLine([statement.with_changes(value=site.call.with_changes(func=new))]),
                _set_line(set_, target.value), first])}
    chained = lc.parent(site.call)
    if isinstance(chained, cst.Attribute) and chained.value is site.call and isinstance(lc.parent(chained), cst.Call):
        if lc.run_line(lc.parent(chained)) is not line:
            return None
        name = lc.analysis.free_name(("loop", "event_loop", "main_loop"))
        if name is None:
            return None
        return lambda site, new, set_, first: {
            id(site.call): cst.Name(name),
            id(first): cst.FlattenSentinel([
                cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(name))], cst.Call(func=new))]),
                _set_line(set_, name), first])}
    return None


def _used_before(lc, target: cst.Name, line) -> bool:
    """The name appears anywhere in the file before the end of the site's line (other than as its
    target, an attribute or a keyword): moving its binding earlier could be seen."""
    end = lc.span(line)[1]
    for node in lc.tree.nodes:
        if isinstance(node, cst.Name) and node.value == target.value and node is not target and lc.span(node)[0] < end:
            parent = lc.parent(node)
            if isinstance(parent, cst.Attribute) and parent.attr is node:
                continue
            if isinstance(parent, cst.Arg) and parent.keyword is node:
                continue
            return True
    return False


def _set_line(set_, name: str) -> cst.SimpleStatementLine:
    return cst.SimpleStatementLine([cst.Expr(cst.Call(func=set_, args=[cst.Arg(cst.Name(name))]))])
