"""Support for drop_loop_arg: which asyncio APIs lost `loop=`, when a `loop=` value is provably the
running loop, and removing one argument from a call without losing layout or comments."""
from collections import defaultdict
from typing import Dict, List, Optional

import libcst as cst

from .analysis import Ambiguous, dotted_parts
from .asyncio_api import LOOP_ARG_REMOVED_IN_310, LOOP_GETTERS
from .edits import has_comment
from .syntax import param_names
from .walk import AlongPaths, walk

# docs/SEMANTICS.md P15: accepted `loop=` up to 3.9 (default None), TypeError from 3.10.
LOOPLESS_APIS = LOOP_ARG_REMOVED_IN_310


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
