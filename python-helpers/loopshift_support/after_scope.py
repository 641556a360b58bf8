"""What may reach a loop after the scope that would close it (docs/SEMANTICS.md P11, B4, P14), for
close_loop: a value made with the loop used outside the scope's block, and code that may read the
thread's current loop once the scope is done. Closing is only invisible when neither can happen.
Everything here only reads the tree.
"""
import re
from typing import Optional

import libcst as cst

from .analysis import thread_target_only
from .loop_escape import nested_load
from .loop_runs import READS_CURRENT, sync_loop_sites
from .loop_variable import loads_of


def used_outside(ctx, module, analysis, variable, frame, block, names, watched) -> Optional[cst.CSTNode]:
    """A load of one of `names` (variables of the loop variable's scope) outside the scope's block:
    another frame or later code. `watched`: the site names the caller's analysis records."""
    if not names:
        return None
    own = variable.scope
    if own is not analysis.module:
        return nested_load(own, names)
    wider = ctx.analysis(module, watched | frozenset(names))  # main-guard globals: resolve file-wide
    sites = [s for n in sorted(names) for s in loads_of(wider, n, own)]
    for site in sites:
        if site.frame.node is not frame.node or variable.index(site.expr, block) is None:
            return site.expr
    return None


def current_loop_risk(analysis, module, variable, frame, block, start) -> Optional[str]:
    """Why code may read the current loop after the scope, or None when nothing can: the loop set
    current in block.body[start:] would be read closed (B4)."""
    own = variable.scope
    last = module.body[-1]
    last = last if isinstance(last, cst.If) and last in analysis.main_guards else None
    if own is analysis.module:
        if not (block is module and analysis.script_only) and (last is None or last.body is not block):
            return "code follows the main guard"
    elif own in analysis.entry_functions():
        tail = last.body.body[-1] if last is not None else None
        if (tail is None or analysis.main_guard_calls[own.name.value] != 1
                or not re.search(r"\b%s\s*\(" % own.name.value, module.code_for_node(tail))):
            return "the main guard does more after calling %s()" % own.name.value
    elif not _thread_target_only(analysis, own):
        return "callers of %s() may use the current loop" % own.name.value
    reads = sync_loop_sites(analysis, READS_CURRENT)
    if any(site.frame.node is not frame.node for site in reads):
        return "other sync code in this file reads the current loop"
    indices = [variable.index(s.expr, block) for s in reads]
    if any(index is None or index < start for index in indices):
        return "sync code outside the wrapped statements reads the current loop"
    return None


def _thread_target_only(analysis, function) -> bool:
    """A module-level function, not exported, only ever a Thread target: its thread ends with it (P14)."""
    name = function.name.value
    return (function in analysis.module_functions.get(name, []) and name not in analysis.exported
            and thread_target_only(analysis, function))
