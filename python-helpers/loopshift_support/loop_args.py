"""Support for drop_loop_arg: which asyncio APIs lost `loop=`, when a `loop=` value is provably the
loop the API would use without it, which handlers could observe the difference, and removing one
argument from a call without losing layout or comments (docs/SEMANTICS.md P15)."""
import re
from collections import defaultdict
from typing import Dict, FrozenSet, List, Optional

import libcst as cst

from .analysis import Ambiguous, dotted_parts
from .asyncio_api import LOOP_ARG_REMOVED_IN_310, LOOP_GETTERS, PRIMITIVES
from .edits import has_comment
from .syntax import param_names, terminal_name
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
        self.is_async_generator = scan.yields
        self.parents = scan.parents

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
