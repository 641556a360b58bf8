"""The loop handed to the coroutine it runs: `loop.run_until_complete(go(loop))` (docs/SEMANTICS.md P3d).

asyncio_run rewrites such an entry site to `asyncio.run(go())` when, besides every P3a condition, the
parameter can only ever hold the loop running go (P15 rule 6.1, decided by running_loop.RunningLoop, the
same proof drop_loop_arg uses) and this one call is go's only use, so that the parameter and the
argument can both go. If go still reads the name, its body starts with `<name> =
asyncio.get_running_loop()`: the same object at every step. Then the loop may outlive the run in
whatever go kept, so nothing may run after the run on the entry path but the close the rewrite
removes, and no other thread may hold it. Everything here only reads the tree; `handed_edits` builds
the new def and call, which the transform applies.
"""
import copy
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from .arg_removal import remove_arg
from .asyncio_api import CONCURRENCY_MODULES
from .edits import has_comment
from .loop_variable import LoopVariable, RunPattern, assigned_name, loads_of
from .running_loop import RunningLoop  # P15 rule 6.1: the proof is drop_loop_arg's, not copied
from .syntax import dotted_parts, is_none, positional_params

# Ends the run early: asyncio.run then cancels go's task (its cleanup code runs), ruc left it pending.
_ENDS_THE_RUN = "stop"


@dataclass(frozen=True)
class Handed:
    pattern: RunPattern          # the one-run shape, the handed argument not counted as another use
    function: cst.FunctionDef    # go
    param: cst.Param             # the parameter the loop fills
    call: cst.Call               # go(loop), the run's one argument
    arg_index: int               # of the loop in call.args
    needs_loop: bool             # go still reads the parameter
    scopes: tuple                # where go's body runs, for the import planner


def handed_run(ctx, lc, site) -> Optional[Handed]:
    """The handed-loop shape around a `loop = get_event_loop()/new_event_loop()` site when every P3d
    condition that concerns go holds, else None. P3a's own conditions are the caller's."""
    var = assigned_name(lc.parent, site.call)
    if var is None:
        return None
    variable = LoopVariable(lc.analysis, lc.tree, var, site.frame.node, lc.sites_by_name.get(var, ()))
    handed = [use for use in variable.uses if use.kind == "argument" and _run_argument(lc, use.call, variable)]
    if len(handed) != 1:
        return None
    use = handed[0]
    view = copy.copy(lc)  # the same analysis, with the handed load left out of the loop's uses
    view.sites_by_name = dict(lc.sites_by_name, **{var: [s for s in lc.sites_by_name[var] if s is not use.site]})
    pattern, _ = view.run_pattern(site)
    if pattern is None or pattern.ruc.args[0].value is not use.call:
        return None
    call, scopes = use.call, site.frame.scopes()
    if not lc.async_def_call(call, scopes) or any(arg.star for arg in call.args):
        return None
    function = lc.facts.defs[call.func.value][0]
    found = _parameter(function, call, use.site.expr)
    if found is None:
        return None
    param, index = found
    name = function.name.value
    callers = [s for s in lc.sites_by_name.get(name, ()) if s.terminal == name]
    if len(callers) != 1 or callers[0].call is not call:
        return None  # another load of go: a caller the rewrite would break
    proofs = RunningLoop(lc.module, lc.analysis, lc.tree, lambda n: lc.sites_by_name.get(n, ()), ctx.script_only,
                         ctx.project)
    if proofs.parameter(function, param.name.value) is not None:
        return None
    if _stops_a_loop(lc):
        return None
    loads = loads_of(ctx.analysis(lc.module, {param.name.value}), param.name.value, function)
    if loads and (not isinstance(function.body, cst.IndentedBlock) or _threads(lc)
                  or not _nothing_after(lc, pattern, lc.entry(site)[0])):
        return None
    return Handed(pattern, function, param, call, index, bool(loads), _body_scopes(loads, function, lc))


def _run_argument(lc, call, variable) -> bool:
    """`call` is the one argument of `<variable>.run_until_complete(...)`."""
    arg = lc.parent(call)
    run = lc.parent(arg)
    return isinstance(arg, cst.Arg) and any(r.call is run for r in variable.runs())


def _parameter(function, call, value):
    """(param, index of the argument) when `value` fills a plain parameter (not positional-only,
    keyword-only, *args or **kwargs) whose default, if any, is None and whose annotation, if any, is a
    dotted name: removing either evaluates nothing less that could matter."""
    index = next(i for i, arg in enumerate(call.args) if arg.value is value)
    arg = call.args[index]
    params = function.params.params
    if function.params.posonly_params or has_comment(function.params):
        return None  # keeping a `/` or a comment right is not worth it here
    if arg.keyword is None:
        position = sum(1 for a in call.args[:index] if a.keyword is None)
        ordered = positional_params(function.params)
        param = ordered[position] if position < len(ordered) else None
    else:
        param = next((p for p in params if p.name.value == arg.keyword.value), None)
    if param is None or not any(p is param for p in params):
        return None
    if param.default is not None and not is_none(param.default):
        return None
    if param.annotation is not None and dotted_parts(param.annotation.annotation) is None:
        return None
    return param, index


def _stops_a_loop(lc) -> bool:
    """Any `<expr>.stop` in the file, called or handed on, by spelling: go, or a helper it hands the loop
    to, may stop it."""
    return any(type(node) is cst.Attribute and node.attr.value == _ENDS_THE_RUN for node in lc.tree.nodes)


def _threads(lc) -> bool:
    """Another thread could keep the loop past the run."""
    return bool(CONCURRENCY_MODULES & lc.analysis.imported_modules) or bool(lc.sites("Thread"))


def _nothing_after(lc, pattern, entry) -> bool:
    """Nothing runs after the run on the entry path but the close (and set_event_loop(None)) the rewrite
    removes: its value is dropped or bound to a name (not printed, returned or passed on: it may be or
    hold the loop), no statement follows it, up to the module, and nothing around it runs code on the
    way out (with, try, a loop) but the pattern's own try whose finally only closes."""
    if entry is None:
        return False
    holder = lc.parent(pattern.ruc)
    if not (isinstance(holder, cst.Expr) or (isinstance(holder, cst.Assign) and len(holder.targets) == 1
                                              and isinstance(holder.targets[0].target, cst.Name))):
        return False
    removed = {id(line) for line in (pattern.close_line, pattern.unset_line) if line is not None}
    node = pattern.ruc_line
    if pattern.try_node is not None:
        final = pattern.try_node.finalbody
        if (pattern.try_node.handlers or pattern.try_node.orelse is not None or final is None
                or any(id(s) not in removed for s in final.body.body)
                or pattern.try_node.body.body[-1] is not node):
            return False
        node = pattern.try_node
    while True:
        block = lc.parent(node)
        body = list(block.body)
        if any(id(s) not in removed for s in body[body.index(node) + 1:]):
            return False
        if isinstance(block, cst.Module):
            return True
        owner = lc.parent(block)
        if isinstance(owner, (cst.If, cst.Else)):
            while isinstance(owner, (cst.If, cst.Else)) and isinstance(lc.parent(owner), (cst.If, cst.Else)):
                owner = lc.parent(owner)  # up an elif/else chain to the statement itself
            node = owner
        elif entry.fn is not None and owner is entry.fn and entry.call is not None:
            node = lc.line_of(entry.call)
        else:
            return False
        if not isinstance(lc.parent(node), (cst.IndentedBlock, cst.Module)):
            return False


def _body_scopes(loads, function, lc) -> tuple:
    for load in loads:
        frame = load.frame
        while frame is not None and frame.node is not function:
            frame = frame.parent
        if frame is not None:
            return frame.scopes()
    return ()


# -- the edits ---------------------------------------------------------------------------------------
def handed_edits(lc, handed: Handed, imports, via):
    """(go without the parameter, go(...) without the loop), or None when one cannot be written: a
    comment would be lost, go sits in the try the rewrite rebuilds (edits must not nest), or no import
    can name asyncio.get_running_loop in go (`via`: the loop creator's name, for the import planner)."""
    pattern = handed.pattern
    if pattern.try_node is not None and lc.inside(handed.function, pattern.try_node):
        return None
    running = None
    if handed.needs_loop:
        running = imports.reach(lc.analysis, "asyncio", "get_running_loop", via, handed.scopes)
        if running is None:
            return None
    function, call = edited_function(handed, running), remove_arg(handed.call, handed.arg_index)
    return None if function is None or call is None else (function, call)


def edited_function(handed: Handed, running_loop) -> Optional[cst.FunctionDef]:
    """go without the parameter, starting (after its docstring) with `<param> = <running_loop>()` when
    it still reads the name; None when a comment would be lost (the parameter list has none: _parameter)."""
    function, param = handed.function, handed.param
    params = list(function.params.params)
    index = next(i for i, p in enumerate(params) if p is param)
    del params[index]
    later = bool(function.params.kwonly_params) or any(
        isinstance(p, (cst.Param, cst.ParamStar)) for p in (function.params.star_arg, function.params.star_kwarg))
    if index == len(params) and params and not later:
        params[-1] = params[-1].with_changes(comma=param.comma)  # the new last one ends as the old one did
    new_params = function.params.with_changes(params=params)
    if not params and not later:
        if has_comment(function.whitespace_before_params):
            return None
        function = function.with_changes(whitespace_before_params=cst.SimpleWhitespace(""))
    function = function.with_changes(params=new_params)
    if not handed.needs_loop:
        return function
    assign = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(param.name.value))],
                                                 cst.Call(func=running_loop))])
    body = list(function.body.body)
    at = 1 if body and _docstring(body[0]) else 0
    body.insert(at, assign)
    return function.with_changes(body=function.body.with_changes(body=body))


def _docstring(statement) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Expr)
            and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))
