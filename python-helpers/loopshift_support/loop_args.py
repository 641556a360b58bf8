"""Support for drop_loop_arg: which asyncio APIs lost `loop=`, when a `loop=` value is provably the
loop the API would use without it, which handlers could observe the difference, and removing one
argument from a call without losing layout or comments (docs/SEMANTICS.md P15)."""
import re
from collections import defaultdict
from typing import Dict, FrozenSet, List, Optional, Tuple

import libcst as cst

from .analysis import Ambiguous, dotted_parts
from .asyncio_api import LOOP_ARG_REMOVED_IN_310, LOOP_GETTERS, PRIMITIVES
from .edits import has_comment
from .syntax import all_params, is_none, param_names, positional_params, terminal_name
from .walk import AlongPaths, walk

# docs/SEMANTICS.md P15: accepted `loop=` up to 3.9 (default None), TypeError from 3.10.
LOOPLESS_APIS = LOOP_ARG_REMOVED_IN_310

# P15 rule 3, awaited directly in a coroutine: on 3.7-3.9, given another loop than the running one,
# each of these either awaits a pending future of that loop (RuntimeError in the task) or never
# touches it. start_server/start_unix_server are left out: with sock= (or a unix path) they never await
# a future of X and really serve on X. as_completed is not awaitable; the primitives are not awaited.
AWAITED_IN_COROUTINE = frozenset({
    "sleep", "gather", "wait", "wait_for", "shield", "open_connection", "open_unix_connection",
    "create_subprocess_exec", "create_subprocess_shell"})
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


def loop_attribute_hooks(nodes) -> FrozenSet[str]:
    """Attribute names whose reading may run code defined in this file: functions decorated as
    properties (property, cached_property, x.getter, reify, ...), `name = property(...)`, and, when a
    class defines __getattr__/__getattribute__, the wildcard '*'. Dropping `loop=self.loop` would skip
    that code (a lazy property caching get_event_loop(), say)."""
    found = set()
    for node in nodes:
        if isinstance(node, cst.FunctionDef):
            if node.name.value in ("__getattr__", "__getattribute__"):
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


# -- handlers that could observe the drop --------------------------------------------------------
# What a call with loop= can raise that the call without it does not: TypeError (3.10+, loop= is
# gone), RuntimeError and ValueError (3.7-3.9, a loop other than the one the API would pick),
# DeprecationWarning (3.8-3.9, raised under -W error), NameError/AttributeError (evaluating X itself);
# with the classes above them.
LOOP_ARG_ERRORS = frozenset({"BaseException", "Exception", "TypeError", "RuntimeError", "ValueError", "Warning",
                             "DeprecationWarning", "NameError", "UnboundLocalError", "AttributeError"})
# Spelled like an exception class (CamelCase, a usual suffix): taken to be that class, and so unable to
# catch the errors above unless it is one of them. A lower-case or UPPER_CASE name (a tuple, an alias)
# is not: it may hold anything.
_EXCEPTION_CLASS = re.compile(r"^_*[A-Z][A-Za-z0-9]*(Error|Exception|Exit|Interrupt|Iteration|Warning)$")
# Context managers that catch what their arguments name, or record/filter warnings.
_RAISES_CMS = frozenset({"suppress", "raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp",
                         "failUnlessRaises"})
_WARNS_CMS = frozenset({"warns", "assertWarns", "assertWarnsRegex"})
_WARNINGS_CMS = frozenset({"deprecated_call", "catch_warnings"})


def may_catch(type_expr) -> bool:
    """Could `except <type_expr>` catch one of LOOP_ARG_ERRORS? Bare `except:` (None) can."""
    if type_expr is None:
        return True
    if isinstance(type_expr, cst.Tuple):
        return any(may_catch(element.value) for element in type_expr.elements)
    name = terminal_name(type_expr)
    if name is None or name in LOOP_ARG_ERRORS:
        return True
    return not _EXCEPTION_CLASS.match(name)


def _with_item_may_catch(item: cst.WithItem) -> bool:
    expr = item.item
    if not isinstance(expr, cst.Call):
        return False  # `with lock:`: an object's own __exit__ is not looked into (see P15, residue)
    name = terminal_name(expr.func)
    if name in _WARNINGS_CMS:
        return True
    if name in _RAISES_CMS or name in _WARNS_CMS:
        positional = [arg for arg in expr.args if arg.keyword is None]
        keyword = [arg for arg in expr.args if arg.keyword is not None and arg.keyword.value in
                   ("expected_exception", "expected_warning", "exception", "category")]
        caught = positional if name == "suppress" else (positional[:1] or keyword)
        return not caught or any(arg.star or may_catch(arg.value) for arg in caught)
    return False


def enclosing_handler(call: cst.CSTNode, parent_of) -> Optional[cst.CSTNode]:
    """The innermost `try` (its body holding the call) with a handler that may catch LOOP_ARG_ERRORS,
    or `with` whose context manager may (suppress, pytest.raises, assertRaises, assertWarns,
    catch_warnings, ...), in the code that runs together with the call: up to the enclosing def or
    lambda body (a class body, a comprehension, a def's decorators and defaults run in place)."""
    child, node = call, parent_of(call)
    while node is not None:
        if isinstance(node, (cst.FunctionDef, cst.Lambda)) and child is node.body:
            return None
        if isinstance(node, (cst.Try, cst.TryStar)) and child is node.body:
            if any(may_catch(handler.type) for handler in node.handlers):
                return node
        if isinstance(node, cst.With) and any(_with_item_may_catch(item) for item in node.items):
            return node
        child, node = node, parent_of(node)
    return None


# Handlers that name one of these are about the errors a loop= argument raises (a test asserting the
# DeprecationWarning or the TypeError, a shim), not general error handling like `except Exception`.
SPECIFIC_ERRORS = LOOP_ARG_ERRORS - {"BaseException", "Exception"}


def _names_specific(expr) -> bool:
    if isinstance(expr, cst.Tuple):
        return any(_names_specific(element.value) for element in expr.elements)
    return terminal_name(expr) in SPECIFIC_ERRORS if expr is not None else False


def _specific_guard_args(call: cst.Call) -> Optional[list]:
    """For assertRaises(TypeError, f, ...), pytest.raises(RuntimeError), suppress(TypeError),
    assertWarns(DeprecationWarning), catch_warnings(), deprecated_call(): the arguments after the
    exception (what the call form runs); None when the call is no such guard."""
    name = terminal_name(call.func)
    if name in _WARNINGS_CMS:
        return list(call.args)
    if name not in _RAISES_CMS and name not in _WARNS_CMS:
        return None
    positional = [arg for arg in call.args if arg.keyword is None]
    caught = positional if name == "suppress" else positional[:1]
    if any(_names_specific(arg.value) for arg in caught):
        return [arg for arg in call.args if all(arg is not exc for exc in caught)]
    return None


def guarded_callees(tree) -> FrozenSet[str]:
    """Names of the functions this file calls (or hands to assertRaises) where a handler naming one of
    SPECIFIC_ERRORS is waiting: in the body of such a try, of a `with assertRaises(TypeError)`-like
    block, or in the arguments of the call form `assertRaises(RuntimeError, f, ...)`. A loop= inside a
    function of that name may be what the handler is there for."""
    names = set()

    def collect(nodes):
        for inner in nodes:
            if isinstance(inner, cst.Call):
                called = terminal_name(inner.func)
                if called:
                    names.add(called)
            elif isinstance(inner, cst.Arg):
                passed = terminal_name(inner.value)
                if passed:
                    names.add(passed)

    for node in tree.nodes:
        region = None
        if isinstance(node, (cst.Try, cst.TryStar)):
            if any(_names_specific(handler.type) for handler in node.handlers):
                region = [node.body]
        elif isinstance(node, cst.With):
            if any(isinstance(item.item, cst.Call) and _specific_guard_args(item.item) is not None
                   for item in node.items):
                region = [node.body]
        elif isinstance(node, cst.Call) and terminal_name(node.func) not in _WARNINGS_CMS:
            region = _specific_guard_args(node)  # the call form: assertRaises(TypeError, f, ...)
        for part in region or ():
            start, end = tree.span[id(part)]
            collect(tree.nodes[start:end])
    return frozenset(names)


def enclosing_function_names(call: cst.CSTNode, parent_of) -> List[str]:
    """The names of the defs whose bodies hold the call, innermost first."""
    found = []
    child, node = call, parent_of(call)
    while node is not None:
        if isinstance(node, cst.FunctionDef) and child is node.body:
            found.append(node.name.value)
        child, node = node, parent_of(node)
    return found


def loop_getter(analysis, expr, scopes) -> Optional[str]:
    """'asyncio.get_running_loop' / 'asyncio.get_event_loop' when expr calls one with no argument."""
    if not isinstance(expr, cst.Call) or expr.args:
        return None
    meaning = analysis.resolve(expr.func, scopes)
    return meaning if meaning in LOOP_GETTERS else None


class CoroutineFacts:
    """Bindings of one async def's own scope (nested def/lambda/class bodies excluded), the names
    declared global/nonlocal (a nonlocal anywhere inside counts: it may rebind ours), its parameters,
    whether it is an async generator, and parent links for dominance checks."""

    def __init__(self, function: cst.FunctionDef):
        self.function = function
        self.params = set(param_names(function.params))
        scan = _Scan()
        walk(function.body, scan)
        self.bindings: Dict[str, List[cst.CSTNode]] = scan.bindings
        self.declared = scan.declared
        self.is_async_generator = scan.yields  # for a sync def: it is a generator
        self.yields_from = scan.yields_from
        self.parents = scan.parents
        # `S.X = value` statements of the body itself (one target), by (S, X): P15 rule 7.
        self.attribute_assignments: Dict[tuple, List[cst.Assign]] = scan.attribute_assignments

    def single_assignment(self, name: str):
        """The value of `name = value` (or `name: T = value`) when that is the only binding."""
        found = self.bindings.get(name, [])
        if len(found) != 1:
            return None, None
        node = found[0]
        simple = isinstance(node, cst.Assign) and len(node.targets) == 1
        if simple and isinstance(node.targets[0].target, cst.Name):
            return node, node.value
        if isinstance(node, cst.AnnAssign) and node.value is not None and isinstance(node.target, cst.Name):
            return node, node.value
        return node, None

    def dominates(self, statement: cst.CSTNode, use: cst.CSTNode) -> bool:
        """True when `statement` (a small statement) always completes before `use` runs: the use is in
        a later small statement of the same line, or in a later statement of the same block."""
        line = self.parents.get(id(statement))  # SimpleStatementLine, or the suite of `if x: a; b`
        block = self.parents.get(id(line)) if isinstance(line, cst.SimpleStatementLine) else None
        if not isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return False
        node = use
        while node is not None and node is not self.function:
            parent = self.parents.get(id(node))
            if parent is line:
                return _index(line.body, node) > _index(line.body, statement)
            if parent is block and isinstance(block, cst.IndentedBlock):
                return _index(block.body, node) > _index(block.body, line)
            node = parent
        return False


def _index(sequence, node) -> int:
    return next(i for i, item in enumerate(sequence) if item is node)


def _target_names(target) -> List[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for element in target.elements for n in _target_names(element.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


class _Scan(cst.CSTVisitor):
    SKIP_TRIVIA = True  # walk() need not enter whitespace and punctuation

    def __init__(self):
        super().__init__()
        self.nested = 0  # inside a nested def/lambda/class body
        self.stack: List[cst.CSTNode] = []
        self.parents: Dict[int, cst.CSTNode] = {}
        self.bindings: Dict[str, List[cst.CSTNode]] = defaultdict(list)
        self.declared: set = set()
        self.yields = False
        self.yields_from = False
        self.attribute_assignments: Dict[tuple, List[cst.Assign]] = defaultdict(list)

    def on_visit(self, node):
        if self.stack:
            self.parents[id(node)] = self.stack[-1]
        self.stack.append(node)
        return super().on_visit(node)

    def on_leave(self, node):
        self.stack.pop()
        super().on_leave(node)

    def _bind(self, target, node):
        if not self.nested:
            for name in _target_names(target):
                self.bindings[name].append(node)

    def _enter(self, node):
        self.nested += 1

    def _exit(self, node):
        self.nested -= 1

    visit_FunctionDef_body = visit_Lambda_body = visit_ClassDef_body = _enter
    leave_FunctionDef_body = leave_Lambda_body = leave_ClassDef_body = _exit

    def visit_FunctionDef(self, node):
        self._bind(node.name, node)

    def visit_ClassDef(self, node):
        self._bind(node.name, node)

    def visit_Assign(self, node):
        for target in node.targets:
            self._bind(target.target, node)
        parts = dotted_parts(node.targets[0].target) if len(node.targets) == 1 else None
        if not self.nested and parts is not None and len(parts) == 2:
            self.attribute_assignments[tuple(parts)].append(node)

    def visit_AugAssign(self, node):
        self._bind(node.target, node)

    def visit_AnnAssign(self, node):
        self._bind(node.target, node)

    def visit_For(self, node):
        self._bind(node.target, node)

    def visit_CompFor(self, node):
        self._bind(node.target, node)  # its own scope in Python 3; counted anyway (conservative)

    def visit_WithItem(self, node):
        if node.asname is not None:
            self._bind(node.asname.name, node)

    def visit_ExceptHandler(self, node):
        if node.name is not None:
            self._bind(node.name.name, node)

    def visit_ExceptStarHandler(self, node):
        if node.name is not None:
            self._bind(node.name.name, node)

    def visit_NamedExpr(self, node):
        self._bind(node.target, node)

    def visit_Del(self, node):
        self._bind(node.target, node)

    def visit_Import(self, node):
        for alias in node.names:
            bound = alias.asname.name if alias.asname else cst.Name(dotted_parts(alias.name)[0])
            self._bind(bound, node)

    def visit_ImportFrom(self, node):
        if isinstance(node.names, cst.ImportStar):
            return  # a SyntaxError inside a function
        for alias in node.names:
            self._bind(alias.asname.name if alias.asname else alias.name, node)

    def visit_MatchAs(self, node):
        if node.name is not None:
            self._bind(node.name, node)

    def visit_MatchStar(self, node):
        if node.name is not None:
            self._bind(node.name, node)

    def visit_MatchMapping(self, node):
        if node.rest is not None:
            self._bind(node.rest, node)

    def visit_Global(self, node):
        if not self.nested:
            self.declared.update(item.name.value for item in node.names)

    def visit_Nonlocal(self, node):
        self.declared.update(item.name.value for item in node.names)

    def visit_Yield(self, node):
        if not self.nested:
            self.yields = True
            self.yields_from = self.yields_from or isinstance(node.value, cst.From)


# -- generator-based coroutines that the analysis does not take for coroutines (B5) -----------------
_COROUTINE_DECORATORS = frozenset({"asyncio.coroutine", "types.coroutine"})


def generator_note(analysis, site, tree=None) -> Optional[str]:
    """Where a site directly in a sync def's body is, when that def is a generator that looks like a
    generator-based coroutine but is not one by docs/SEMANTICS.md B5 (several decorators, one of them
    asyncio.coroutine or types.coroutine; or none, and a `yield from`): in words, for a message (LS602,
    LS603, LS801, LS804); None for any other site. Given the module's TreeIndex (ctx.tree), the def's
    yields are found in it; without, by a walk of the def."""
    frame, function = site.frame, site.frame.node
    if frame.kind != "def" or function is not site.extent or not isinstance(function, cst.FunctionDef):
        return None
    if tree is not None:  # the yields whose nearest def or lambda is this one
        first, last = tree.span[id(function.body)]
        own = [node for node in tree.nodes[first:last] if type(node) is cst.Yield and _owner(tree, node) is function]
        generator, yields_from = bool(own), any(isinstance(node.value, cst.From) for node in own)
    else:
        facts = CoroutineFacts(function)
        generator, yields_from = facts.is_async_generator, facts.yields_from
    if not generator:
        return None  # a plain function (@types.coroutine leaves it one): its body runs where it is called
    scopes = frame.parent.scopes() if frame.parent is not None else ()
    marked = [decorator for decorator in function.decorators
              if analysis.resolve(decorator.decorator, scopes) in _COROUTINE_DECORATORS]
    title = function.name.value
    if marked and len(function.decorators) > 1:
        return ("in %s(), a generator-based coroutine with another decorator besides @%s (which may drive it "
                "outside a task)" % (title, dotted_text(marked[0].decorator)))
    if yields_from:
        return ("in %s(), a generator with yield from that no @asyncio.coroutine or @types.coroutine marks as a "
                "coroutine" % title)
    return None


def _owner(tree, node):
    """The nearest def or lambda holding a node."""
    node = tree.parent.get(id(node))
    while node is not None and not isinstance(node, (cst.FunctionDef, cst.Lambda)):
        node = tree.parent.get(id(node))
    return node


def dotted_text(expr) -> str:
    parts = dotted_parts(expr)
    return ".".join(parts) if parts else short_text(expr)


# -- the loop that runs a coroutine (P15 rules 2, 6 and 7) ------------------------------------------

# A file that calls one of these may reach a function or an attribute by its name as a string.
_DYNAMIC_LOOKUPS = ("globals", "locals", "vars", "eval", "exec", "setattr")
_NONE_DEFAULT = object()  # the caller leaves the parameter to its `None` default


def private(name: str) -> bool:
    """`_name` but not `__name__`: by convention, not part of what other modules call."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def short_text(node) -> str:
    text = " ".join(cst.Module([]).code_for_node(node).split())
    return text if len(text) <= 40 else text[:37] + "..."


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


def _stores_attribute(target, attr: str) -> bool:
    if isinstance(target, cst.Attribute):
        return target.attr.value == attr
    if isinstance(target, (cst.Tuple, cst.List)):
        return any(_stores_attribute(element.value, attr) for element in target.elements)
    if isinstance(target, cst.StarredElement):
        return _stores_attribute(target.value, attr)
    return False


def _argument(call: cst.Call, params: cst.Parameters, param: cst.Param):
    """What `call` passes for `param`: an expression, _NONE_DEFAULT, or why it cannot be told (a str)."""
    if any(arg.star for arg in call.args):
        return "unpacks its arguments"
    name = param.name.value
    positional = [arg.value for arg in call.args if arg.keyword is None]
    order = positional_params(params)
    index = next((i for i, p in enumerate(order) if p is param), None)
    if index is not None and index < len(positional):
        return positional[index]
    if not any(p is param for p in params.posonly_params):
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg.value
    if param.default is not None and is_none(param.default):
        return _NONE_DEFAULT
    return "leaves '%s' to its default" % name


class RunningLoop:
    """Whether a value read in a coroutine's body is the loop running that coroutine, with the reason
    when that is not provable (docs/SEMANTICS.md P15 rules 2, 6 and 7). One per module version.

    `analysis` records the sites of the loop getters; `callers(name)` gives the sites of a function's
    name (a wider analysis, built when a parameter is first asked about); `script_only` is the project
    model's proof that no other module imports this file (ctx.script_only)."""

    def __init__(self, module, analysis, tree, callers, script_only: bool):
        self.module, self.analysis, self.tree = module, analysis, tree
        self._callers = callers
        self.script_only = script_only
        self._facts: Dict[int, CoroutineFacts] = {}
        self._params: Dict[tuple, Optional[str]] = {}
        self._stores: Dict[str, Optional[str]] = {}
        self._getters: Optional[FrozenSet[int]] = None
        self._strings: Optional[FrozenSet[str]] = None

    def parent_of(self, node):
        return self.tree.parent.get(id(node))

    def facts(self, function: cst.FunctionDef) -> CoroutineFacts:
        found = self._facts.get(id(function))
        if found is None:
            found = self._facts[id(function)] = CoroutineFacts(function)
        return found

    @property
    def getter_calls(self) -> FrozenSet[int]:
        """ids of the calls of asyncio.get_running_loop() / get_event_loop() with no argument, anywhere."""
        if self._getters is None:
            self._getters = frozenset(id(site.call) for site in self.analysis.sites
                                      if site.call is not None and not site.call.args
                                      and self.analysis.resolve(site.expr, site.frame.scopes()) in LOOP_GETTERS)
        return self._getters

    @property
    def strings(self) -> FrozenSet[str]:
        if self._strings is None:
            found = set()
            for node in self.tree.nodes:
                if isinstance(node, cst.SimpleString):
                    try:
                        value = node.evaluated_value
                    except Exception:  # noqa: BLE001 - an odd literal names nothing we look for
                        continue
                    if isinstance(value, str):
                        found.add(value)
            self._strings = frozenset(found)
        return self._strings

    # -- what a value is, in a coroutine's body -------------------------------------------------
    def value(self, site, expr, seen=frozenset()) -> Optional[str]:
        """None when `expr`, read by site.call directly in a coroutine's body, is the loop running that
        coroutine: a loop getter called in place, a local (rule 2), a parameter (rule 6) or `S.X` (rule 7)."""
        if loop_getter(self.analysis, expr, site.frame.scopes()):
            return None
        if isinstance(expr, cst.Name):
            function = site.frame.node
            if expr.value in self.facts(function).params:
                why = self.parameter(function, expr.value, seen)
                return None if why is None else "'%s' is a parameter of %s(): %s" % (
                    expr.value, function.name.value, why)
            return self.local(site, expr.value)
        parts = dotted_parts(expr)
        if parts is not None and len(parts) == 2:
            return self.attribute(site, expr)
        return "'%s' is not a loop getter, a local, a parameter or an attribute of one" % short_text(expr)

    def local(self, site, name: str) -> Optional[str]:
        """Rule 2: a local of this coroutine assigned once from a loop getter, in a statement that always
        runs before the call (not global/nonlocal, not in an async generator); a name it does not bind:
        rule 6's closure form (free_variable)."""
        facts = self.facts(site.frame.node)
        if name in facts.declared:
            return "'%s' is declared global/nonlocal: it may hold another loop" % name
        if not facts.bindings.get(name):
            why = self.free_variable(site, name)
            return None if why is None else "'%s' is not a local of this coroutine, and not provably the loop " \
                                             "that runs it: %s" % (name, why)
        statement, source = facts.single_assignment(name)
        if statement is None:
            return "'%s' is assigned more than once; it may hold another loop" % name
        if source is None or not loop_getter(self.analysis, source, site.frame.scopes()):
            return "'%s' does not come from asyncio.get_running_loop() in this coroutine" % name
        if not facts.dominates(statement, site.call):
            return "'%s = ...' does not always run before this call" % name
        if site.frame.node.asynchronous is not None and facts.is_async_generator:
            return "'%s' is kept across yields of an async generator, which another loop may resume" % name
        return None

    # -- rule 6: a parameter every caller fills with the loop that runs the coroutine -------------
    def parameter(self, function: cst.FunctionDef, name: str, seen=frozenset()) -> Optional[str]:
        key = (id(function), name)
        if key in seen:
            return "%s() is part of a cycle of calls that pass it on" % function.name.value
        if not seen and key in self._params:
            return self._params[key]
        why = self._parameter(function, name, seen | {key})
        if not seen:
            self._params[key] = why
        return why

    def _parameter(self, function, name, seen) -> Optional[str]:
        title = function.name.value
        facts = self.facts(function)
        if facts.bindings.get(name) or name in facts.declared:
            return "it is reassigned in %s()" % title
        param = next(p for p in all_params(function.params) if p.name.value == name)
        if param is function.params.star_arg or param is function.params.star_kwarg:
            return "it collects extra arguments"
        why = self._calls_not_all_here(function)
        if why is not None:
            return why
        for site in self._callers(title):
            why = self._caller(site, function, param, seen)
            if why is not None:
                return why
        return None

    def _calls_not_all_here(self, function) -> Optional[str]:
        """Why this coroutine function may run other than by the loads of its name in this file (None:
        every run starts at one of them, and each is a call that makes a coroutine of its body)."""
        title = function.name.value
        if function.asynchronous is not None and function.decorators:
            return "%s() is decorated, and the decorator decides how it is called" % title
        if function.asynchronous is not None and self.facts(function).is_async_generator:
            return "%s() is an async generator, which another loop may resume" % title
        bindings = self.analysis.bindings.get(title, ())
        if len(bindings) != 1:
            return "'%s' is bound more than once in this file" % title
        scope = bindings[0].scope
        if isinstance(scope, cst.ClassDef):
            return "%s() is a method, whose calls cannot be found by name" % title
        if scope is self.module:
            if title in self.analysis.exported:
                return "%s() is in __all__: other modules may call it with another loop" % title
            if not private(title) and not self.script_only:
                return ("%s() is public, so other modules may call it with another loop (a private name, or a "
                        "file the project model shows no module imports, would be provable)" % title)
        sites = self._callers(title)
        for site in sites:
            if not isinstance(site.expr, cst.Name):
                return "'%s' is also read as an attribute (%s)" % (title, short_text(site.expr))
        for lookup in _DYNAMIC_LOOKUPS:
            if self.analysis.name_loads[lookup]:
                return "this file calls %s(), which may reach %s() by name" % (lookup, title)
        if title in self.strings:
            return "'%s' is named in a string, so it may be looked up by name" % title
        if not sites:
            return "%s() is not called in this file" % title
        return None

    # -- rule 6, closure form: a variable of the scope that runs the coroutine with it ------------------
    def free_variable(self, site, name: str) -> Optional[str]:
        """None when `name`, read in the site's coroutine but bound in an enclosing function or the module
        (scope S), is the loop that runs the coroutine: every call of the coroutine function is the one
        argument of `name.run_until_complete()` written directly in S, which is blocked in that call while
        the coroutine runs, and nothing else can rebind `name` meanwhile (no global or nonlocal names it)."""
        function = site.frame.node
        outer = self.analysis.binding_scope(name, site.frame.scopes())
        if outer is None or outer is function:
            return "'%s' is not bound where this coroutine can see it" % name
        title = function.name.value
        # `global v` anywhere rebinds a module's v; `nonlocal v` in a function nested in S rebinds S's.
        kind, (first, last) = (cst.Global, (0, len(self.tree.nodes))) if outer is self.module else (
            cst.Nonlocal, self.tree.span[id(outer)])
        for node in self.tree.nodes[first:last]:
            if isinstance(node, kind) and any(item.name.value == name for item in node.names):
                return "'%s' is declared %s in this file, so code may rebind it while %s() runs" % (
                    name, "global" if kind is cst.Global else "nonlocal", title)
        why = self._bound_once(outer, name)
        if why is not None:
            return why
        why = self._calls_not_all_here(function)
        if why is not None:
            return why
        for caller in self._callers(title):
            shown = short_text(caller.call) if caller.call is not None else title
            if caller.call is None:
                return "'%s' is used without being called, so it may be called elsewhere" % title
            scopes = caller.frame.scopes()
            carrier = task_loop(caller.call, self.parent_of, lambda expr: self.analysis.resolve(expr, scopes))
            if (carrier is None or carrier[0] != "run_until_complete" or not isinstance(carrier[1], cst.Name)
                    or carrier[1].value != name):
                return ("%s is not the one argument of %s.run_until_complete() (the only call that keeps '%s' "
                        "bound to the loop running it)" % (shown, name, name))
            if caller.frame.kind == "genexp" or caller.frame.node is not outer or \
                    self.analysis.binding_scope(name, scopes) is not outer:
                return "%s runs %s() outside the scope that binds '%s', which may rebind it meanwhile" % (
                    short_text(self.parent_of(self.parent_of(caller.call))), title, name)
        return None

    def _caller(self, site, function, param, seen) -> Optional[str]:
        """None when this load of the function's name is a call that runs it in the loop it passes."""
        call = site.call
        if call is None:
            return "'%s' is used without being called, so it may be called elsewhere" % function.name.value
        shown = short_text(call)
        value = _argument(call, function.params, param)
        if value is _NONE_DEFAULT:
            return None  # loop=None: the API's own default
        if isinstance(value, str):
            return "%s %s" % (shown, value)
        parts = dotted_parts(value)
        scopes = site.frame.scopes()
        carrier = task_loop(call, self.parent_of, lambda expr: self.analysis.resolve(expr, scopes))
        if carrier is not None and parts is not None and dotted_parts(carrier[1]) == parts:
            if rebinds(call, parts[0]):
                return "%s rebinds '%s' inside the call" % (shown, parts[0])
            return None
        if awaited_directly(call, self.parent_of) and site.in_coroutine_body:
            why = self.value(site, value, seen)
            return None if why is None else "%s passes %s, which is not provably its own running loop: %s" % (
                shown, short_text(value), why)
        return ("%s is not run by the loop it passes (as in X.run_until_complete(f(X)), X.create_task(f(X)), "
                "ensure_future(f(X), loop=X), or await f(<the caller's running loop>))" % shown)

    def _bound_once(self, outer, name: str) -> Optional[str]:
        """None when `name` has one binding in `outer`, a parameter or a plain assignment outside any loop:
        it takes one value per run of that scope, so a task of the coroutine left pending by an interrupted run and
        resumed later still reads the loop it runs on."""
        if self.analysis.bindings_in(name, outer) != 1:
            return "'%s' is bound more than once where it is defined" % name
        first, last = self.tree.span[id(outer)]
        nodes, bodies, skip_to = self.tree.nodes, set(), -1
        for index in range(first, last):
            if index < skip_to:
                continue
            node = nodes[index]
            if id(node) in bodies:
                skip_to = self.tree.span[id(node)][1]
                continue
            if node is not outer and isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                bodies.add(id(node.body))
            if isinstance(node, (cst.Assign, cst.AnnAssign)):
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                if any(name in _target_names(target) for target in targets):
                    parent = self.parent_of(node)
                    while parent is not None and parent is not outer:
                        if isinstance(parent, (cst.For, cst.While)):
                            return "'%s' is assigned in a loop, so it may change between runs" % name
                        parent = self.parent_of(parent)
                    return None
        if isinstance(outer, (cst.FunctionDef, cst.Lambda)) and name in param_names(outer.params):
            return None  # a parameter, bound once per call
        return "'%s' is not bound by a plain assignment or a parameter (a for, with, except or import binds it)" % name

    # -- rule 7: `S.X` assigned from the running loop earlier in the same step ---------------------
    def attribute(self, site, expr) -> Optional[str]:
        owner, attr = dotted_parts(expr)
        function = site.frame.node
        facts = self.facts(function)
        if facts.bindings.get(owner) or owner in facts.declared:
            return "'%s' is reassigned in this coroutine" % owner
        scopes = site.frame.scopes()
        assigned = [a for a in facts.attribute_assignments.get((owner, attr), ())
                    if loop_getter(self.analysis, a.value, scopes) and facts.dominates(a, site.call)]
        others = self.stores(attr)
        if not assigned:
            if others is None:
                return ("every assignment of '.%s' in this file takes the running loop, but none always runs "
                        "earlier in this coroutine: a coroutine may run on another loop than the one that ran the "
                        "assignment (the object may outlive its loop, or serve a second asyncio.run())" % attr)
            return "'%s' is not assigned from asyncio.get_running_loop() earlier in this coroutine" % short_text(expr)
        last = max(assigned, key=lambda a: self.tree.span[id(a)][0])
        pause = self.suspends(function, last, expr)
        if pause is not None:
            return ("%s between '%s = ...' and this call may let code on another loop assign it" %
                    (pause, short_text(expr)))
        return others

    def stores(self, attr: str) -> Optional[str]:
        """None when every store of an attribute named `attr` in this file is `<expr>.attr = <loop getter>()`
        (run during a coroutine's step, a getter returns the loop running it) or `<expr>.attr = None`;
        else what else stores it."""
        if attr not in self._stores:
            self._stores[attr] = self._other_store(attr)
        return self._stores[attr]

    def _other_store(self, attr: str) -> Optional[str]:
        for node in self.tree.nodes:
            kind = type(node)
            if kind is cst.Assign:
                if any(_stores_attribute(target.target, attr) for target in node.targets) and not (
                        len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Attribute)
                        and self._running_or_none(node.value)):
                    return "'.%s' is also assigned something else (%s)" % (attr, short_text(node))
            elif kind is cst.AnnAssign:
                if _stores_attribute(node.target, attr) and (node.value is None
                                                             or not self._running_or_none(node.value)):
                    return "'.%s' is also assigned something else (%s)" % (attr, short_text(node))
            elif kind in (cst.AugAssign, cst.Del, cst.For, cst.CompFor):
                if _stores_attribute(node.target, attr):
                    return "'.%s' is also assigned something else (%s)" % (attr, short_text(node.target))
            elif kind is cst.WithItem:
                if node.asname is not None and _stores_attribute(node.asname.name, attr):
                    return "'.%s' is also assigned by a with statement" % attr
            elif kind is cst.Attribute and node.attr.value == "__dict__":
                return "this file uses __dict__, which may set '.%s'" % attr
        for lookup in _DYNAMIC_LOOKUPS:
            if self.analysis.name_loads[lookup]:
                return "this file calls %s(), which may set '.%s' by name" % (lookup, attr)
        if attr in self.strings:
            return "'%s' is named in a string (setattr, __dict__)" % attr
        return None

    def _running_or_none(self, value) -> bool:
        """A loop getter (the loop running the code that assigns it), or None (loop=None is the API's
        own default, so reading it there is the same as dropping loop=)."""
        return id(value) in self.getter_calls or is_none(value)

    def suspends(self, function, statement, read) -> Optional[str]:
        """What may suspend the coroutine after `statement` completes and before `read` is evaluated (an
        await, a yield, async for/with, or any of these in a loop that holds `read` but not `statement`),
        or None. Code in nested def and lambda bodies does not run there."""
        tree, nodes = self.tree, self.tree.nodes
        start, end = tree.span[id(statement)][1], tree.span[id(read)][0]
        ancestors = []
        node = self.parent_of(read)
        while node is not None and node is not function:
            ancestors.append(node)
            node = self.parent_of(node)
        around = {id(node) for node in ancestors}
        ranges = [(start, end)]
        for node in ancestors:  # a loop entered after `statement` runs its later code before `read` again
            if isinstance(node, (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)):
                first, last = tree.span[id(node)]
                if first >= start:
                    ranges.append((first, last))
        for number, (first, last) in enumerate(ranges):
            exempt = around if number == 0 else set()  # in a loop, an await around `read` runs before the next read
            bodies, skip_to = set(), -1
            for index in range(first, last):
                if index < skip_to:
                    continue
                node = nodes[index]
                if id(node) in bodies:
                    skip_to = tree.span[id(node)][1]
                    continue
                if isinstance(node, (cst.FunctionDef, cst.Lambda)) and id(node) not in around:
                    bodies.add(id(node.body))
                found = _suspension(node)
                if found and not (id(node) in exempt and isinstance(node, (cst.Await, cst.Yield))):
                    return found  # an await or yield around `read` suspends after it; async for/with before
        return None


def _suspension(node) -> Optional[str]:
    if isinstance(node, cst.Await):
        return "an await"
    if isinstance(node, cst.Yield):
        return "a yield"
    if isinstance(node, (cst.For, cst.CompFor)) and node.asynchronous is not None:
        return "an async for"
    if isinstance(node, cst.With) and node.asynchronous is not None:
        return "an async with"
    return None


# -- removing one argument ----------------------------------------------------------------------

def _own_line_comments(whitespace) -> bool:
    return isinstance(whitespace, cst.ParenthesizedWhitespace) and any(
        line.comment is not None for line in whitespace.empty_lines)


def _merge(before, after):
    """Whitespace `after` keeps the comment that ended the line in `before`; None if it cannot."""
    if not has_comment(before):
        return after
    if isinstance(before, cst.ParenthesizedWhitespace) and isinstance(after, cst.ParenthesizedWhitespace):
        return after.with_changes(first_line=before.first_line)
    return None


def remove_arg(call: cst.Call, index: int) -> Optional[cst.Call]:
    """call without args[index], commas and layout fixed; None when a comment would be lost or moved
    onto another argument (a comment on the removed argument's line, or on lines just above it)."""
    args = list(call.args)
    arg = args[index]
    before = args[index - 1].comma.whitespace_after if index else call.whitespace_before_args
    if has_comment(arg) or _own_line_comments(before):
        return None
    if len(args) == 1:
        if has_comment(call.whitespace_before_args):
            return None
        return call.with_changes(args=(), whitespace_before_args=cst.SimpleWhitespace(""))
    if index < len(args) - 1:  # the next argument takes the removed one's place and leading space
        del args[index]
        return call.with_changes(args=args)
    prev = args[index - 1]
    if isinstance(arg.comma, cst.Comma):  # trailing comma: keep one, followed by the removed one's space
        whitespace = _merge(prev.comma.whitespace_after, arg.comma.whitespace_after)
        if whitespace is None:
            return None
        args[index - 1] = prev.with_changes(comma=prev.comma.with_changes(whitespace_after=whitespace))
    else:
        # prev's comma goes: the space around it must not hold a comment (leading-comma style).
        whitespace = _merge(prev.comma.whitespace_after, arg.whitespace_after_arg)
        if whitespace is None or has_comment(prev.comma.whitespace_before):
            return None
        if has_comment(prev.whitespace_after_arg):
            return None
        args[index - 1] = prev.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=whitespace)
    del args[index]
    return call.with_changes(args=args)


class DropArgs(AlongPaths, cst.CSTTransformer):
    """Applies {id(original call): index of the argument to drop}; nested calls compose."""

    def __init__(self, plan: Dict[int, int]):
        super().__init__()
        self.plan = plan

    def leave_Call(self, original_node, updated_node):
        index = self.plan.get(id(original_node))
        if index is None:
            return updated_node
        new = remove_arg(updated_node, index)
        return updated_node if new is None else new
