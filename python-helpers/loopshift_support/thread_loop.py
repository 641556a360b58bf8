"""`set_event_loop(new_event_loop())` then `x = get_event_loop()` in a thread target ->
`x = new_event_loop()` then `set_event_loop(x)` (docs/SEMANTICS.md P14a; explicit_loop rewrites it).

A function that is only ever a `threading.Thread` target starts in a fresh thread, where no loop runs
(the running loop is per thread). There get_event_loop() asks the policy for the thread's current loop
(B1), which the statement just before it set to the new loop: x is that loop. The two new statements make
the same loop through the same policy and set it, in the same order, and bind x to it. That holds only
when the policy returns the loop it was given (asyncio's, or one that only chooses the loop class: P9,
P3b) and nothing else in the file could install another one, and when nobody can see that x is now bound
before set_event_loop() runs: if it raised, x was unbound before and is bound now, which a handler or
`finally` of the function could see (so no enclosing try or with), or other code if x is not local.
"""
from typing import NamedTuple, Optional, Tuple

import libcst as cst

from .asyncio_api import LOOP_PATCHING_LIBRARIES, SET_EVENT_LOOP
from .edits import has_comment
from .entry_path import LOOP_MAKERS
from .thread_entry import called_elsewhere


class ThreadLoop(NamedTuple):
    """The pair of lines and the pieces the rewrite moves: the set call, the loop maker's call, the name."""
    set_line: cst.SimpleStatementLine
    get_line: cst.SimpleStatementLine
    set_call: cst.Call
    maker: cst.Call
    name: str


def thread_loop(lc, site) -> Tuple[Optional[ThreadLoop], Optional[str]]:
    """(the pair, None) when this get_event_loop() call may be rewritten; (None, why not) when it has the
    shape but a condition fails; (None, None) when it is not `x = get_event_loop()` right after
    `set_event_loop(<loop maker>())` in a sync function."""
    shape = _shape(lc, site)
    if shape is None:
        return None, None
    why = _why_not(lc, site, shape)
    return (None, why) if why else (shape, None)


def _shape(lc, site) -> Optional[ThreadLoop]:
    fn = site.frame.node
    if site.frame.kind != "def" or not isinstance(fn, cst.FunctionDef) or fn.asynchronous is not None:
        return None
    statement = lc.parent(site.call)
    line = lc.parent(statement)
    if not (isinstance(statement, cst.Assign) and statement.value is site.call and len(statement.targets) == 1
            and isinstance(statement.targets[0].target, cst.Name)
            and isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1):
        return None
    block = lc.parent(line)
    if not isinstance(block, cst.IndentedBlock):
        return None
    body = list(block.body)
    here = body.index(line)
    before = body[here - 1] if here else None
    if not (isinstance(before, cst.SimpleStatementLine) and len(before.body) == 1
            and isinstance(before.body[0], cst.Expr) and isinstance(before.body[0].value, cst.Call)):
        return None
    set_call = before.body[0].value
    scopes = site.frame.scopes()
    if lc.analysis.resolve(set_call.func, scopes) != SET_EVENT_LOOP or len(set_call.args) != 1:
        return None
    arg = set_call.args[0]
    maker = arg.value
    if (arg.keyword is not None or arg.star or not isinstance(maker, cst.Call) or maker.args
            or lc.analysis.resolve(maker.func, scopes) not in LOOP_MAKERS):
        return None  # a loop maker never returns None: after set_event_loop(None) the old call raised
    return ThreadLoop(before, line, set_call, maker, statement.targets[0].target.value)


def _why_not(lc, site, pair: ThreadLoop) -> Optional[str]:
    fn = site.frame.node
    name = fn.name.value
    if fn.decorators or id(fn) in lc.facts.generators:
        return "%s() is decorated or a generator: its caller decides where its code runs" % name
    if not lc.thread_target_only(fn):
        return "%s() is not only ever a threading.Thread target: a loop may run where it is called" % name
    if isinstance(lc.parent(fn), cst.Module):
        elsewhere = called_elsewhere(lc.analysis.taken_elsewhere, name)
        if elsewhere == "imported":
            return "another project module may import %s() and call it under a running loop" % name
        if elsewhere == "public":
            return "%s() is public and nothing says no other module calls it under a running loop" % name
    node = lc.parent(pair.set_line)
    while node is not None and node is not fn:
        if isinstance(node, (cst.Try, cst.TryStar, cst.With)):
            return "a try or with around it could see %s bound before set_event_loop() runs" % pair.name
        node = lc.parent(node)
    scopes = site.frame.scopes()
    if lc.analysis.binding_scope(pair.name, scopes) is not fn or pair.name in lc.facts.nonlocals:
        return "%s is not a local of %s(): other code could see it bound before set_event_loop() runs" % (
            pair.name, name)
    libraries = sorted(m for m in LOOP_PATCHING_LIBRARIES if m in lc.analysis.imported_modules)
    if libraries:
        return "this file uses %s, which changes what get_event_loop() returns" % libraries[0]
    for other, category, label in lc.activities():
        if category == "policy" and not lc.class_only_policy(other):
            return "%s may install a policy that decides what get_event_loop() returns" % label
        if category == "unknown" and not lc.known_foreign_call(other):
            return "%s runs code loopshift cannot see, which may install such a policy" % label
    if has_comment(pair.set_call) or has_comment(site.call):
        return "a comment inside the calls would be lost"
    return None


def rewrite(pair: ThreadLoop, site) -> dict:
    """replace_nodes edits: `x = <maker>()` on the set line, `set_event_loop(x)` on the get line; each line
    keeps its leading lines and trailing comment."""
    assign = cst.Assign(targets=[cst.AssignTarget(cst.Name(pair.name))], value=pair.maker)
    setter = cst.Expr(pair.set_call.with_changes(args=[cst.Arg(cst.Name(pair.name))]))
    return {id(pair.set_line): pair.set_line.with_changes(body=[assign]),
            id(pair.get_line): pair.get_line.with_changes(body=[setter])}
