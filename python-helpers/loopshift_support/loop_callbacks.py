"""Expressions handed to code that calls them only from a running loop, in that loop's thread (docs/SEMANTICS.md
P2a rules 2, 6 and 7): what sync_callers.py counts as a run under a loop when a function's or class's name is
passed uncalled, wrapped in `functools.partial(name, ...)`, or called as the whole body of a lambda.

- X.call_soon(f), call_soon_threadsafe(f), call_later(d, f), call_at(t, f), add_signal_handler(s, f),
  add_reader(fd, f), add_writer(fd, f): the loop's _run_once runs f (rule 2).
- R.add_done_callback(f) on a proven asyncio future (done_callbacks.py, rule 6).
- X.create_connection(f, ...) and the other PROTOCOL_FACTORY_METHODS, f first or `protocol_factory=f`, on an X
  proven an asyncio event loop (rule 7): asyncio calls the factory only in the method's own coroutine, or in a
  task or callback of the loop (base_events.py, selector_events.py, proactor_events.py, 3.7-3.13). That
  coroutine may call it at its first step, so it must be run at once by code under a loop: awaited in a
  coroutine's own body outside its closing code, or given to a proven loop's run_until_complete.
`closing`: the file's ClosingCode (closing_code.py).
"""
from typing import Dict, Optional

import libcst as cst

from .asyncio_api import ASYNCIO_LOOP_MAKERS, PROTOCOL_FACTORY_METHODS
from .done_callbacks import is_done_callback, made_by
from .scopes import Frame

# Loop methods that run their callback later, in the loop's own thread, from the running loop (its
# _run_once): name -> the callback's position among the positional arguments.
# A signal handler and a reader's or writer's callback too: the loop queues each as a handle that its _run_once runs
# (_handle_signal, _process_events; selector_events.py, unix_events.py 3.7-3.13; probe round 16, p37).
CALLBACK_POSITION = {"call_soon": 0, "call_soon_threadsafe": 0, "call_later": 1, "call_at": 1,
                     "add_signal_handler": 1, "add_reader": 1, "add_writer": 1}
PARTIAL = "functools.partial"

Parents = Dict[int, Optional[cst.CSTNode]]


def _arg_call(expr: cst.CSTNode, parent: Parents):
    """(the Arg holding `expr`, the Call it is an argument of), or (None, None)."""
    arg = parent.get(id(expr))
    call = parent.get(id(arg)) if isinstance(arg, cst.Arg) else None
    if isinstance(call, cst.Call) and arg.value is expr:
        return arg, call
    return None, None


def scheduled(expr: cst.CSTNode, parent: Parents) -> bool:
    """`expr` is the callback of X.call_soon(f, ...) and its kin: a positional argument in the callback's place,
    nothing unpacked or named before it."""
    arg, call = _arg_call(expr, parent)
    if call is None or not isinstance(call.func, cst.Attribute) or arg.keyword is not None or arg.star:
        return False
    position = CALLBACK_POSITION.get(call.func.attr.value)
    if position is None:
        return False
    before = []
    for other in call.args:
        if other is arg:
            break
        before.append(other)
    return len(before) == position and not any(other.star or other.keyword is not None for other in before)


def factory_of(expr: cst.CSTNode, parent: Parents) -> Optional[cst.Call]:
    """The call `X.create_connection(expr, ...)` (or another PROTOCOL_FACTORY_METHODS) that takes `expr` as its
    protocol factory, first positional argument or `protocol_factory=`, whatever X is; or None."""
    arg, call = _arg_call(expr, parent)
    if call is None or not isinstance(call.func, cst.Attribute) or call.func.attr.value not in PROTOCOL_FACTORY_METHODS:
        return None
    if arg.star:
        return None
    if arg.keyword is None:
        return call if call.args[0] is arg else None
    return call if arg.keyword.value == "protocol_factory" else None


def protocol_factory(expr: cst.CSTNode, frame: Frame, parent: Parents, analysis, closing) -> bool:
    """`expr`, evaluated in `frame`, is the protocol factory of a method of a receiver proven an asyncio event
    loop (a call of ASYNCIO_LOOP_MAKERS written in place, or a local name bound once by one: done_callbacks),
    whose coroutine is run at once under a loop."""
    call = factory_of(expr, parent)
    return (call is not None and made_by(call.func.value, call, frame, parent, analysis, ASYNCIO_LOOP_MAKERS)
            and _run_under_a_loop(call, frame, parent, analysis, closing))


def _run_under_a_loop(call: cst.Call, frame: Frame, parent: Parents, analysis, closing) -> bool:
    """The coroutine `call` makes is run where it is made, by a loop: `await call` in a coroutine's own body,
    not in its closing code (which a pending task's destruction runs with no loop: P1), or
    `Y.run_until_complete(call)` on a Y proven an asyncio loop. Stored, returned or passed elsewhere, it may be
    stepped anywhere, even from closing code."""
    above = parent.get(id(call))
    if isinstance(above, cst.Await):
        return frame.kind == "async" and closing.why(above, frame.node) is None
    arg, run = _arg_call(call, parent)
    return (run is not None and arg.keyword is None and not arg.star and len(run.args) == 1
            and isinstance(run.func, cst.Attribute) and run.func.attr.value == "run_until_complete"
            and made_by(run.func.value, run, frame, parent, analysis, ASYNCIO_LOOP_MAKERS))


def runs_from_loop(expr: cst.CSTNode, frame: Frame, parent: Parents, analysis, closing) -> bool:
    """`expr`, evaluated in `frame`, is passed to code that calls it only from a running loop (rules 2, 6, 7).
    Rule 2 holds while no class of the project has a loop's scheduling methods: a test double's call_soon may call
    its callback at once (probe round 8, W08)."""
    return (((scheduled(expr, parent) or is_done_callback(expr, frame, parent, analysis)) and not doubles_loops(closing))
            or protocol_factory(expr, frame, parent, analysis, closing))


def doubles_loops(closing) -> bool:
    """This file or another project module (facts `loopMethodsDefined`) defines a method named like a loop's
    scheduling methods (CALLBACK_POSITION), or binds one otherwise: a keyword (`SimpleNamespace(call_soon=
    queue.append)`) or an attribute store (`self.call_soon = self.pending.append`) (probe round 9, A1); or
    this file works with mocks of them (_MOCKS); or it makes a future double (_FUTURE_DOUBLES: a class that
    isfuture() accepts, whose add_done_callback, or whose loop, may run a callback at once; probe round 16, C p07,
    p08). A loop double given to `asyncio.Future(loop=...)` is one of the first kind."""
    if (closing.project or {}).get("loopMethodsDefined"):
        return True
    found = getattr(closing, "doubles_loops", None)
    if found is None:  # asked per callback: the tree is walked once
        found = closing.doubles_loops = any(
            (type(node) is cst.FunctionDef and (node.name.value in CALLBACK_POSITION
                                                 or node.name.value in _FUTURE_DOUBLES))
            or (type(node) in (cst.Name, cst.Attribute) and _named(node) == "_asyncio_future_blocking")
            or (type(node) is cst.Arg and node.keyword is not None and node.keyword.value in CALLBACK_POSITION)
            or (type(node) is cst.AssignTarget and type(node.target) is cst.Attribute
                and node.target.attr.value in CALLBACK_POSITION)
            or (type(node) is cst.Name and node.value in _MOCKS)
            or (type(node) is cst.Attribute and type(node.value) is cst.Attribute
                and node.value.attr.value in CALLBACK_POSITION)
            or (type(node) is cst.SimpleString and node.value.strip("'\"rbRB") in CALLBACK_POSITION)
            for node in closing.tree.nodes)
    return found


# A mock takes any method call and records its arguments, and a test may call the recorded callback itself,
# outside any loop (`loop = Mock(); schedule(loop); loop.call_soon.call_args[0][0]()`): so a file that makes
# mocks, reads an attribute of a scheduling method (`.call_soon.call_args`, `.call_later.assert_called`) or
# names one in a string (`patch.object(loop, "call_soon")`) has loop doubles too (probe round 9, A1 residue).
# Methods of a future that asyncio calls: a class defining them may be handed where an asyncio future is expected.
_FUTURE_DOUBLES = frozenset({"add_done_callback", "get_loop"})


def _named(node) -> str:
    return node.value if type(node) is cst.Name else node.attr.value


_MOCKS = frozenset({"mock", "Mock", "MagicMock", "NonCallableMock", "NonCallableMagicMock", "AsyncMock",
                    "create_autospec"})


def partial_callback(expr: cst.CSTNode, frame: Frame, parent: Parents, analysis, closing) -> bool:
    """`expr` is the function of `functools.partial(expr, ...)` (its first argument, positional, not unpacked)
    and that partial, written in place, runs_from_loop: calling a partial calls its function at once, inside
    the call, with the arguments it holds (which were evaluated when it was made)."""
    arg, call = _arg_call(expr, parent)
    if call is None or call.args[0] is not arg or arg.keyword is not None or arg.star:
        return False
    return (analysis.resolve(call.func, frame.scopes()) == PARTIAL
            and runs_from_loop(call, frame, parent, analysis, closing))


def callback_lambda(site, parent: Parents, analysis, closing) -> bool:
    """The site's call is the whole body of a lambda (`lambda f: g(f, x)`, `lambda: C(loop=loop)`) that is a
    done callback of a proven asyncio future or the protocol factory of a proven loop: g runs when the lambda
    does. Defaults are evaluated outside the lambda's frame, so a call there is not the site's call here. The
    lambdas given to call_soon and its kin are left as they were (P2a rule 6)."""
    frame = site.frame
    if not (frame.kind == "lambda" and frame.node is site.extent and site.call is not None
            and frame.node.body is site.call):
        return False
    return ((is_done_callback(frame.node, frame.parent, parent, analysis) and not doubles_loops(closing))
            or protocol_factory(frame.node, frame.parent, parent, analysis, closing))
