"""Code that only ever starts a thread (docs/SEMANTICS.md P15 rule 8, P14): the body of a function that is
nothing but a `threading.Thread` target runs first in a fresh thread, where no loop runs, as a main guard's
block does in the main thread. There `asyncio.set_event_loop(v)` makes v the loop get_event_loop() returns.

A module-level function qualifies as P14a takes it (analysis.thread_target_only, private or not taken by
another module); a method when its name is private and every mention of it in the file is
`Thread(target=<object>.<name>)` or `Thread(target=functools.partial(<object>.<name>, ...))`, with no string
naming it (getattr) and no other binding of it."""
from typing import Optional

import libcst as cst

from .analysis import thread_callee, thread_target_only
from .syntax import in_own_body
from .test_loops import methods


def thread_entry(env, block) -> bool:
    """`block` is the body of a sync, undecorated, non-generator function that only ever runs as a thread's
    target."""
    function = env.parent_of(block)
    if not isinstance(function, cst.FunctionDef) or function.body is not block or function.asynchronous is not None \
            or function.decorators or in_own_body(env.tree, function, (cst.Yield, cst.Await)):
        return False
    holder = env.parent_of(function)
    analysis = env.ctx.analysis(env.module, {"Thread"})
    if holder is env.module:
        return called_elsewhere(analysis.taken_elsewhere, function.name.value) is None \
            and thread_target_only(analysis, function)
    cls = env.parent_of(holder) if isinstance(holder, cst.IndentedBlock) else None
    return isinstance(cls, cst.ClassDef) and _method_target_only(env, analysis, cls, function)


def called_elsewhere(taken, name: str) -> Optional[str]:
    """Whether another project module may call the module-level function `name`, as FileAnalysis.taken_elsewhere
    tells: 'imported' (it may import it), 'public' (no facts, and the name is not private), or None."""
    if taken == "all" or (taken is not None and (name in taken or "*" in taken)):
        return "imported"
    if taken is None and not name.startswith("_"):
        return "public"
    return None


def _method_target_only(env, analysis, cls, function) -> bool:
    name = function.name.value
    if not name.startswith("_") or name.startswith("__") or getattr(analysis, "runs_target_inline", True):
        return False
    if sum(1 for m in methods(cls) if m.name.value == name) != 1 or ("'%s'" % name) in env.ctx.source \
            or ('"%s"' % name) in env.ctx.source:
        return False
    targets = 0
    for node in env.tree.nodes:
        if type(node) is not cst.Name or node.value != name or node is function.name:
            continue
        attribute = env.parent_of(node)
        if not (isinstance(attribute, cst.Attribute) and attribute.attr is node):
            return False
        value = attribute
        wrapper = env.parent_of(env.parent_of(attribute))  # functools.partial(self._name, ...)
        if isinstance(wrapper, cst.Call) and analysis.resolve(wrapper.func, (analysis.module,)) == "functools.partial":
            if thread_callee(analysis, wrapper, (analysis.module,))[0] is not attribute:
                return False
            value = wrapper
        arg = env.parent_of(value)
        call = env.parent_of(arg)
        if not (isinstance(arg, cst.Arg) and arg.value is value and arg.keyword is not None
                and arg.keyword.value == "target" and isinstance(call, cst.Call)
                and analysis.resolve(call.func, (analysis.module,)) == "threading.Thread"):
            return False
        targets += 1
    return targets > 0
