"""What may escape a scope with a loop (docs/SEMANTICS.md P11), for close_loop: the names that may hold
something made on the loop and the first statement through which such a value may leave (Taint), and
a mention in code nested in a function, which may run later (nested_load).
"""
from typing import List, Optional

import libcst as cst

from .walk import walk


class _Unit:
    """One statement (or a compound statement's header) of one frame."""
    __slots__ = ("node", "loads", "stores", "containers", "receivers", "returns")

    def __init__(self, node):
        self.node, self.loads, self.stores = node, set(), set()
        self.containers, self.receivers, self.returns = set(), set(), False


def _base_name(expr) -> Optional[str]:
    while isinstance(expr, (cst.Attribute, cst.Subscript)):
        expr = expr.value
    return expr.value if isinstance(expr, cst.Name) else None


class _Units(cst.CSTVisitor):
    """Splits a frame's statements into units; nested function, lambda and class bodies are other
    frames and are skipped (their loads are checked by resolution instead)."""
    SKIP_TRIVIA = True  # walk() need not enter whitespace and punctuation

    def __init__(self):
        super().__init__()
        self.units: List[_Unit] = []
        self.stack: List[_Unit] = []
        self.store_ids = set()
        self.declared = set()  # global / nonlocal names

    def on_visit(self, node) -> bool:
        if isinstance(node, (cst.BaseSmallStatement, cst.BaseCompoundStatement, cst.ExceptHandler)):
            self.stack.append(_Unit(node))
            self.units.append(self.stack[-1])
        if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
            self.stack[-1].stores.add(node.name.value)
            self.stack.pop()
            return False
        if isinstance(node, cst.Lambda):
            return False
        unit = self.stack[-1] if self.stack else None
        if unit is None:
            return True
        if isinstance(node, cst.Assign):
            for target in node.targets:
                self._mark(target.target, unit)
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr, cst.Del)):
            self._mark(node.target, unit)
        elif isinstance(node, cst.WithItem) and node.asname is not None:
            self._mark(node.asname.name, unit)
        elif isinstance(node, cst.ExceptHandler) and node.name is not None:
            self._mark(node.name.name, unit)
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            self.declared.update(item.name.value for item in node.names)
            return False
        elif isinstance(node, (cst.Return, cst.Yield)) and node.value is not None:
            unit.returns = True
        elif isinstance(node, cst.Raise) and node.exc is not None:
            unit.returns = True  # an exception can carry the value out too
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
            base = _base_name(node.func.value)
            if base is not None:
                unit.receivers.add((base, node.func.attr.value))
        elif isinstance(node, cst.Attribute):
            self.store_ids.add(id(node.attr))
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            self.store_ids.add(id(node.keyword))
        elif isinstance(node, cst.ImportAlias):
            return False
        elif isinstance(node, cst.Name):
            (unit.stores if id(node) in self.store_ids else unit.loads).add(node.value)
        return True

    def on_leave(self, original_node) -> None:
        if self.stack and self.stack[-1].node is original_node:
            self.stack.pop()

    def _mark(self, target, unit) -> None:
        if isinstance(target, cst.Name):
            self.store_ids.add(id(target))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._mark(element.value, unit)
        elif isinstance(target, cst.StarredElement):
            self._mark(target.value, unit)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            unit.containers.add(_base_name(target.value))  # None: not a plain name (`f().x = v`)


_LOGGING = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}


class Taint:
    """Names that may hold something made on the loop (a task, a transport, a run's result, ...)
    and the first statement through which such a value may leave the scope: returned or raised,
    stored on an attribute, item or global that is not the scope's own, or handed to a method of a
    parameter or of a global object (`registry.append(task)`; logging calls and imported modules
    excepted). Values passed to plain function calls are not followed."""

    def __init__(self, statements, loop_name: str, params=(), modules=()):
        visitor = _Units()
        for statement in statements:
            walk(statement, visitor)
        local = set().union(*(u.stores for u in visitor.units)) - visitor.declared if visitor.units else set()
        self.names = {loop_name}
        changed = True
        while changed:
            changed = False
            for unit in visitor.units:
                if unit.loads & self.names:
                    mutated = {base for base, _ in unit.receivers} | unit.containers
                    grown = (unit.stores | (mutated & local)) - self.names
                    if grown:
                        self.names |= grown
                        changed = True
        self.leak = None
        for unit in visitor.units:
            if not unit.loads & self.names:
                continue
            handed = {base for base, method in unit.receivers if base in params or (
                base not in local and base not in modules and method not in _LOGGING)}
            stored = {c for c in unit.containers if c not in local}
            if unit.returns or stored or handed or unit.stores & visitor.declared:
                self.leak = unit.node
                break


class _NestedLoads(cst.CSTVisitor):
    SKIP_TRIVIA = True  # walk() need not enter whitespace and punctuation

    def __init__(self, names):
        super().__init__()
        self.names, self.depth, self.found = names, 0, None

    def on_visit(self, node) -> bool:
        if self.found is not None:
            return False
        if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.GeneratorExp)):
            self.depth += 1
        elif isinstance(node, cst.Attribute):
            walk(node.value, self)  # the attribute's own name is not a variable
            return False
        elif isinstance(node, cst.Arg) and node.keyword is not None:
            walk(node.value, self)
            return False
        elif isinstance(node, cst.Name) and self.depth and node.value in self.names:
            self.found = node
        return True

    def on_leave(self, original_node) -> None:
        if isinstance(original_node, (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.GeneratorExp)):
            self.depth -= 1


def nested_load(function: cst.FunctionDef, names) -> Optional[cst.Name]:
    """A mention of one of `names` in a function, lambda, class or generator expression nested in
    `function` (it may run later). Same-named locals of the nested code count too: conservative."""
    visitor = _NestedLoads(set(names))
    walk(function.body, visitor)
    return visitor.found
