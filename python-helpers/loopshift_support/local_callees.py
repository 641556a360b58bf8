"""Sync functions and lambdas that a coroutine defines and only calls in place (docs/SEMANTICS.md P1c).

`def elapsed(): return asyncio.get_event_loop().time() - start` inside `async def handle()`, used only as
`elapsed()` in handle's own body: the function object never leaves the coroutine, so its body runs only
during a call made by a step of that coroutine, under the loop that drives it (the coroutine body's own
premise, P1), and get_event_loop() there returns the running loop, as get_running_loop() does. Handed,
uncalled, to `loop.call_soon(f)` (and kin) of a loop proven asyncio's, it runs from that loop's _run_once,
under it. What could take the function elsewhere declines: any other use of its name (passed to anything
else, a done callback included, returned, stored,
used in a nested function, lambda, class or comprehension, rebound, deleted), a decorator, a generator body
(it runs where it is advanced), and reading the coroutine's locals (`locals()`, `vars()`, `eval`, `exec`,
frame objects). A call in the coroutine's closing code (P1) runs when the coroutine is closed with no loop:
the caller checks each call with ClosingCode.
"""
import re
from typing import List, Optional

import libcst as cst

from .asyncio_api import ASYNCIO_LOOP_MAKERS
from .done_callbacks import made_by
from .loop_callbacks import CALLBACK_POSITION
from .sync_callers import is_generator

# What may read the function object out of the coroutine's frame (a task's stack, a traceback, the collector:
# probe round 9, A4).
_INTROSPECTION = re.compile(r"\b(?:locals|vars|eval|exec|_getframe|currentframe|f_locals|f_back|getframeinfo|inspect"
                            r"|get_stack|print_stack|tb_frame|cr_frame|gi_frame|ag_frame|get_referrers|get_objects"
                            r"|settrace|setprofile)\b")
# Nodes that open a scope of their own: a call inside one does not run in the coroutine's own body.
_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def called_in_place(tree, text: str, site, analysis) -> Optional[List[cst.Call]]:
    """The calls of the function whose own body holds `site`, when it is a sync def or a lambda bound by
    `name = lambda ...` directly in a coroutine that only calls it in place, or hands it, uncalled, to the
    call_soon (and kin) of a proven asyncio loop; else None. The caller checks that no call is closing code."""
    frame = site.frame
    if frame.kind not in ("def", "lambda") or frame.node is not site.extent or frame.parent is None \
            or frame.parent.kind != "async" or _INTROSPECTION.search(text):
        return None
    function, coroutine = frame.node, frame.parent.node
    if type(function) is cst.FunctionDef:
        if function.decorators or function.asynchronous is not None or is_generator(function):
            return None
        binding = function.name
    else:
        up = tree.parent.get(id(function))
        if type(up) is not cst.Assign or len(up.targets) != 1 or type(up.targets[0].target) is not cst.Name \
                or up.value is not function:
            return None
        start, end = tree.span[id(function)]
        if any(type(node) is cst.Yield for node in tree.nodes[start:end]):
            return None
        binding = up.targets[0].target
    calls = []
    start, end = tree.span[id(coroutine)]
    for node in tree.nodes[start:end]:
        if type(node) is not cst.Name or node.value != binding.value or node is binding:
            continue
        up = tree.parent.get(id(node))
        if (type(up) is cst.Attribute and up.attr is node) or (type(up) is cst.Arg and up.keyword is node):
            continue  # `x.name`, `f(name=...)`: not the variable
        if _scope_of(tree, node) is not coroutine:
            return None
        if type(up) is cst.Call and up.func is node:
            calls.append(up)
        elif not _scheduled_on_a_loop(tree, node, frame.parent, analysis):
            return None
    return calls


def _scheduled_on_a_loop(tree, node, frame, analysis) -> bool:
    """`node` is the callback of `X.call_soon(node, ...)` and kin (at the callback's position, not unpacked) on
    an X proven an asyncio loop: a call of ASYNCIO_LOOP_MAKERS in place (`asyncio.get_running_loop()`), or a
    local name bound once by one before (done_callbacks.made_by). Any other object with such a method may call
    it at once or later, anywhere (a namespace, a mock, a batcher: probe round 9, A1); a done callback may be
    run by a loop double given as `loop=` or by a duck-typed future (A2)."""
    arg = tree.parent.get(id(node))
    call = tree.parent.get(id(arg)) if type(arg) is cst.Arg else None
    if type(call) is not cst.Call or type(call.func) is not cst.Attribute or arg.keyword is not None or arg.star:
        return False
    position = CALLBACK_POSITION.get(call.func.attr.value)
    if position is None or position >= len(call.args) or call.args[position] is not arg:
        return False
    return made_by(call.func.value, call, frame, tree.parent, analysis, ASYNCIO_LOOP_MAKERS)


def _scope_of(tree, node):
    up = tree.parent.get(id(node))
    while up is not None and not isinstance(up, _SCOPES):
        up = tree.parent.get(id(up))
    return up
