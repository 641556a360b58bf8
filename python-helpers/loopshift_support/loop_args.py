"""The `loop=` argument of the asyncio APIs that removed it in 3.10 (docs/SEMANTICS.md P15): which APIs
lost it and which of them each P15 rule covers, which call has one and which API it belongs to, what
evaluating its value may run, and where the call sits (awaited, the coroutine of a task of which loop).
Where errors may be caught around it: loop_arg_errors.py; what holds the running loop: running_loop.py;
removing it: arg_removal.py."""
from typing import FrozenSet, List, Optional, Tuple

import libcst as cst

from .analysis import Ambiguous, dotted_parts
from .asyncio_api import LOOP_ARG_REMOVED_IN_310, PRIMITIVES
from .syntax import terminal_name
from .walk import walk

# docs/SEMANTICS.md P15: accepted `loop=` up to 3.9 (default None), TypeError from 3.10.
LOOPLESS_APIS = LOOP_ARG_REMOVED_IN_310

# P15 rule 3, awaited directly in a coroutine: on 3.7-3.9, given another loop than the running one,
# each of these either awaits a pending future of that loop (RuntimeError in the task) or never
# touches it. start_server/start_unix_server are left out: with sock= (or a unix path) they never await
# a future of X and really serve on X. as_completed is not awaitable; the primitives are not awaited.
AWAITED_IN_COROUTINE = frozenset({
    "sleep", "gather", "wait", "wait_for", "shield", "open_connection", "open_unix_connection",
    "create_subprocess_exec", "create_subprocess_shell"})


def awaited_candidate(name: str, call: cst.Call) -> bool:
    """Rule 3 covers this API at this call: one of AWAITED_IN_COROUTINE, or start_server() given no sock=
    (and no **kwargs that may hold one): with a host and port, on 3.7-3.9, create_server awaits a gather of
    loop X (resolving them) in the caller's task, which fails for any X but the running loop [run]."""
    if name in AWAITED_IN_COROUTINE:
        return True
    return name == "start_server" and not any(
        arg.star == "**" or (arg.keyword is not None and arg.keyword.value == "sock") for arg in call.args)


# P15 rule 4, the argument of X.run_until_complete(): coroutine functions (`async def` on 3.7-3.9),
# whose body, loop= default included, runs inside X. gather and shield are plain functions that use
# the loop when called, before X runs: left out.
RUN_IN_LOOP = frozenset({
    "sleep", "wait", "wait_for", "open_connection", "open_unix_connection", "start_server",
    "start_unix_server", "create_subprocess_exec", "create_subprocess_shell"})
# P15 rule 5, targets 3.10+: bound lazily to the first loop that waits on them (mixins.py).
LAZILY_BOUND = PRIMITIVES


def loop_keyword_index(call: cst.Call) -> Optional[int]:
    for index, arg in enumerate(call.args):
        if arg.keyword is not None and arg.keyword.value == "loop":
            return index
    return None


def resolve_api(analysis, expr, scopes):
    """analysis.resolve, plus `from asyncio import *` for the API names the analysis does not list.

    A bare name that only a star import provides is asyncio's only if every star import that
    could provide it comes from asyncio (`from time import *` may shadow `sleep`)."""
    meaning = analysis.resolve(expr, scopes)
    if not isinstance(expr, cst.Name) or expr.value not in LOOPLESS_APIS:
        return meaning
    if analysis.visible_bindings(expr.value, scopes):
        return meaning
    stars = analysis.star_modules(scopes)
    if not stars:
        return meaning
    if all(module == "asyncio" for module in stars):
        return "asyncio." + expr.value
    return Ambiguous(expr.value, {"asyncio." + expr.value} | {"%s.%s" % (m, expr.value) for m in stars})


def loop_value_parts(expr) -> Optional[List[str]]:
    """['self', '_loop'] for a Name or a chain of attributes on a Name (evaluating it calls nothing
    but a property or __getattr__, see loop_attribute_hooks); None for anything else."""
    return dotted_parts(expr)


class TreeEnv:
    """What current_loop_arg's checks read of their env that comes from the module's tree (`self.tree`, a
    TreeIndex): nodes' parents, and the attribute hooks of the file's classes, found once."""
    _hooks = None

    def parent_of(self, node):
        return self.tree.parent.get(id(node))

    @property
    def attribute_hooks(self):
        if self._hooks is None:
            self._hooks = loop_attribute_hooks(self.tree.nodes)
        return self._hooks


def loop_attribute_hooks(nodes) -> FrozenSet[str]:
    """Attribute names whose reading may run code defined in this file: functions decorated as
    properties (property, cached_property, x.getter, reify, ...), `name = property(...)`, and, when a
    class defines __getattr__/__getattribute__, or __get__ (a descriptor of any name, used as a decorator
    or an instance in a class body), the wildcard '*'. Dropping `loop=self.loop` would skip
    that code (a lazy property caching get_event_loop(), say)."""
    found = set()
    for node in nodes:
        if isinstance(node, cst.FunctionDef):
            if node.name.value in ("__getattr__", "__getattribute__", "__get__"):
                found.add("*")
            for decorator in node.decorators:
                expr = decorator.decorator
                expr = expr.func if isinstance(expr, cst.Call) else expr
                name = (terminal_name(expr) or "").lower()
                if "property" in name or name in ("getter", "reify", "cached", "lazy"):
                    found.add(node.name.value)
        elif isinstance(node, cst.Assign) and isinstance(node.value, cst.Call):
            name = (terminal_name(node.value.func) or "").lower()
            if "property" in name:
                for target in node.targets:
                    if isinstance(target.target, cst.Name):
                        found.add(target.target.value)
    return frozenset(found)


def awaited_directly(call: cst.Call, parent_of) -> bool:
    """The call is the operand of `await` (or of `yield from`, in a generator-based coroutine)."""
    parent = parent_of(call)
    if isinstance(parent, cst.Await):
        return parent.expression is call
    if isinstance(parent, cst.From):
        return parent.item is call and isinstance(parent_of(parent), cst.Yield)
    return False


# P15 rule 3, one wrapper out: the coroutine given to asyncio.wait_for() (its first argument) or
# asyncio.gather() (a positional argument) runs in a task of the loop the wrapper takes, which is the
# running loop when the wrapper is awaited right there (or wrapped so in turn), and its failure reaches
# the awaiting coroutine; gather(..., return_exceptions=...) would hand it back as a value instead, and a
# gather of several children may drop it behind another child's.
_WRAPPERS = frozenset({"asyncio.wait_for", "asyncio.gather"})


def awaited_through(call: cst.Call, parent_of, resolve) -> Optional[str]:
    """The wrapper's name when the call is the coroutine argument of an awaited asyncio.wait_for() or
    asyncio.gather() (see _WRAPPERS), directly or through more such wrappers; else None."""
    arg = parent_of(call)
    if not isinstance(arg, cst.Arg) or arg.value is not call or arg.keyword is not None or arg.star:
        return None
    outer = parent_of(arg)
    if not isinstance(outer, cst.Call) or any(other.star for other in outer.args):
        return None
    meaning = resolve(outer.func)
    if meaning not in _WRAPPERS:
        return None
    if meaning == "asyncio.wait_for" and outer.args[0] is not arg:
        return None
    if meaning == "asyncio.gather" and sum(1 for other in outer.args if other.keyword is None) != 1:
        # With several children, gather raises the first failure and drops the others': a child failing on
        # another loop may go unseen when a sibling fails first (probe round 12, B p24).
        return None
    if any(other.keyword is not None and other.keyword.value == "return_exceptions"
           and not (isinstance(other.value, cst.Name) and other.value.value == "False") for other in outer.args):
        return None
    if awaited_directly(outer, parent_of) or awaited_through(outer, parent_of, resolve):
        return meaning
    return None


def run_until_complete_receiver(call: cst.Call, parent_of) -> Optional[cst.BaseExpression]:
    """X when the call is the one, positional argument of `X.run_until_complete(...)`."""
    arg = parent_of(call)
    if not isinstance(arg, cst.Arg) or arg.value is not call or arg.keyword is not None or arg.star:
        return None
    outer = parent_of(arg)
    if not isinstance(outer, cst.Call) or len(outer.args) != 1 or outer.args[0] is not arg:
        return None
    func = outer.func
    if isinstance(func, cst.Attribute) and func.attr.value == "run_until_complete":
        return func.value
    return None


# P15 rule 4: calls that run their coroutine argument in a task of the loop X they are given. A loop's
# run_until_complete() and create_task() take X as the receiver; asyncio's ensure_future(coro, loop=X),
# Task(coro, loop=X) and run_coroutine_threadsafe(coro, X) as an argument ([src 3.7.16-3.13.0]
# tasks.py: each ends in X.create_task(coro), or Task.__init__ with that loop).
_TASK_METHODS = frozenset({"run_until_complete", "create_task"})
_TASK_FUNCTIONS = frozenset({"asyncio.ensure_future", "asyncio.Task", "asyncio.run_coroutine_threadsafe"})
_TASK_KEYWORDS = frozenset({"name", "context"})  # create_task() and Task() options that change no loop


def task_loop(call: cst.Call, parent_of, resolve) -> Optional[Tuple[str, cst.BaseExpression]]:
    """(kind, X) when `call` is the coroutine argument of X.run_until_complete(call) (its one argument),
    X.create_task(call), asyncio.ensure_future(call, loop=X), asyncio.Task(call, loop=X) or
    asyncio.run_coroutine_threadsafe(call, X): each runs it in a task of X, so its body runs in X.
    `resolve(expr)` is what a name means where the call is; kind is the carrier's name."""
    arg = parent_of(call)
    if not isinstance(arg, cst.Arg) or arg.value is not call or arg.keyword is not None or arg.star:
        return None
    outer = parent_of(arg)
    if not isinstance(outer, cst.Call) or not outer.args or outer.args[0] is not arg:
        return None
    rest = list(outer.args[1:])
    if any(other.star for other in rest):
        return None
    meaning = resolve(outer.func)
    func = outer.func
    asyncio_own = isinstance(meaning, str) and meaning.split(".")[0] == "asyncio"  # asyncio.create_task()
    if isinstance(func, cst.Attribute) and func.attr.value in _TASK_METHODS and not asyncio_own:
        if func.attr.value == "run_until_complete":
            return ("run_until_complete", func.value) if not rest else None
        if all(other.keyword is not None and other.keyword.value in _TASK_KEYWORDS for other in rest):
            return "create_task", func.value
        return None
    if meaning not in _TASK_FUNCTIONS:
        return None
    kind = meaning.split(".")[1]
    if kind == "run_coroutine_threadsafe":
        if len(rest) == 1 and (rest[0].keyword is None or rest[0].keyword.value == "loop"):
            return kind, rest[0].value
        return None
    loops = [other for other in rest if other.keyword is not None and other.keyword.value == "loop"]
    allowed = {"loop"} | (_TASK_KEYWORDS if kind == "Task" else set())
    if len(loops) != 1 or any(other.keyword is None or other.keyword.value not in allowed for other in rest):
        return None
    return kind, loops[0].value


def task_loop_text(kind: str, loop_text: str) -> str:
    """How a change record or a message names the carrier of task_loop()."""
    return {"run_until_complete": "the one argument of %s.run_until_complete()",
            "create_task": "the coroutine of %s.create_task()",
            "ensure_future": "the coroutine of asyncio.ensure_future(..., loop=%s)",
            "Task": "the coroutine of asyncio.Task(..., loop=%s)",
            "run_coroutine_threadsafe": "the coroutine of asyncio.run_coroutine_threadsafe(..., %s)"}[kind] % loop_text


def rebinds(call: cst.CSTNode, name: str) -> bool:
    """A walrus inside the call that rebinds `name` (before a later argument reads it)."""
    found = []

    class _Walrus(cst.CSTVisitor):
        SKIP_TRIVIA = True

        def visit_NamedExpr(self, node):
            if isinstance(node.target, cst.Name) and node.target.value == name:
                found.append(node)

    walk(call, _Walrus())
    return bool(found)


def why_not_awaited(name: str) -> str:
    """Why rule 3 (awaited in a coroutine) does not cover a loop= of this API, for a message."""
    if name == "start_server":
        return "start_server with sock= (or **kwargs that may hold it) serves on that loop without failing"
    if name == "start_unix_server":
        return "start_unix_server serves on that loop without failing"
    if name in LAZILY_BOUND:
        return "on 3.7-3.9 the object binds to it when created; targets 3.10+ drop it"
    if name not in AWAITED_IN_COROUTINE:
        return "%s is not awaited" % name
    return "the call is not awaited right here"
