"""Done callbacks of asyncio futures, which run like loop callbacks (docs/SEMANTICS.md P2a, "Done callbacks").

An asyncio Future or Task hands each done callback to its loop's call_soon, at completion or at once when it
is already done (futures.py add_done_callback and __schedule_callbacks, _asyncio's future_add_done_callback
and future_schedule_callbacks, 3.7-3.13); call_soon on a closed loop raises instead. So the callback runs
from that loop's _run_once, while it runs, in its thread. A concurrent.futures.Future runs it in the thread
that completes it, or at once in the caller's: the receiver must be proven an asyncio future, here a call
of ASYNCIO_FUTURE_MAKERS written in place, or a local name of the function whose own body adds the
callback, bound only by one `name = <such a call>` statement of that body that comes before the one adding it.
"""
from typing import Dict, FrozenSet, Optional

import libcst as cst

from .asyncio_api import ASYNCIO_FUTURE_MAKERS
from .scopes import Frame


def added_by(expr: cst.CSTNode, parent: Dict[int, Optional[cst.CSTNode]]) -> Optional[cst.Call]:
    """The call `R.add_done_callback(expr, ...)` that takes `expr` as its first positional argument (nothing
    unpacked), whatever R is, or None. `parent`: a TreeIndex's map of id(node) to its parent."""
    arg = parent.get(id(expr))
    call = parent.get(id(arg)) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute)
            and call.func.attr.value == "add_done_callback" and call.args and call.args[0] is arg):
        return None
    return call if arg.keyword is None and not arg.star else None


def is_done_callback(expr: cst.CSTNode, frame: Frame, parent: Dict[int, Optional[cst.CSTNode]], analysis) -> bool:
    """`expr`, evaluated in `frame`, is the callback `added_by` a receiver proven an asyncio future or task."""
    call = added_by(expr, parent)
    return call is not None and made_by(call.func.value, call, frame, parent, analysis, ASYNCIO_FUTURE_MAKERS)


def made_by(receiver, use, frame: Frame, parent, analysis, makers: FrozenSet[str]) -> bool:
    """`receiver`, read by `use` in `frame`, is a call of one of `makers` written in place, or a name local to
    the function whose own body holds `use`, bound only by one `name = <such a call>` statement in a block that
    holds `use` (the body or one inside it), before the statement there holding `use`."""
    scopes = frame.scopes()
    if isinstance(receiver, cst.Call):
        return _made(receiver, scopes, analysis, makers)
    if not isinstance(receiver, cst.Name) or frame.kind not in ("def", "async"):
        return False
    function, name = frame.node, receiver.value
    # Bound once, in this function: no parameter, loop target, second assignment, `del`, or `nonlocal`
    # rebinding from a nested function (those count as this function's bindings); `global` moves it away.
    if analysis.binding_scope(name, scopes) is not function or analysis.bindings_in(name, function) != 1:
        return False
    # An earlier statement of a block holding `use` (the body, or a loop's or if's block inside it): it has run
    # whenever `use` runs, in the same pass through that block (`for c in cs: t = ensure_future(c);
    # t.add_done_callback(f)`: probe round 15, B p22).
    current = use
    while current is not None and current is not function:
        block = parent.get(id(current))
        if isinstance(block, cst.IndentedBlock):
            for line in block.body:
                if line is current:
                    break
                if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 \
                        and isinstance(line.body[0], cst.Assign):
                    assign = line.body[0]
                    if (len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name)
                            and assign.targets[0].target.value == name):
                        return _made(assign.value, scopes, analysis, makers)
        current = block
    return False


def _made(value, scopes, analysis, makers) -> bool:
    return isinstance(value, cst.Call) and analysis.resolve(value.func, scopes) in makers
