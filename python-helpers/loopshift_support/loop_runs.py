"""Follow one local event-loop variable through its scope (docs/SEMANTICS.md P6, P11).

Shared by the `runner` and `close_loop` transforms: which loads of `loop` are which uses, which
statement of the scope's block holds each, whether a run's argument is provably a coroutine, which
sync code touches asyncio's current loop, and a one-pass rewriter for whole blocks.
"""
from typing import Callable, Dict, List, Optional, Sequence

import libcst as cst

from .analysis import Ambiguous, canonical, dotted_parts
from .asyncio_api import IMPLICIT_LOOP_FUNCTIONS, LOOP_BOUND_CLASSES, LOOP_RUN_METHODS
from .edits import REMOVE, edit_from_import, has_comment
from .walk import AlongPaths, walk

# asyncio calls that, run outside a coroutine, read, create or replace the thread's current loop.
READS_CURRENT = IMPLICIT_LOOP_FUNCTIONS | LOOP_BOUND_CLASSES | {"get_event_loop_policy", "as_completed"}
MANAGES_LOOPS = READS_CURRENT | {"new_event_loop", "set_event_loop", "set_event_loop_policy", "run", "Runner"}
RUNS = LOOP_RUN_METHODS


def loads_of(analysis, name: str, scope) -> list:
    """Sites of every load of the variable `name` bound in `scope`, wherever they execute."""
    return [s for s in analysis.sites if isinstance(s.expr, cst.Name) and s.expr.value == name
            and analysis.binding_scope(name, s.frame.scopes()) is scope]


def meaning(analysis, site) -> Optional[str]:
    """asyncio.X for a site that is asyncio's X, or may be (a name also bound to something else)."""
    found = analysis.resolve(site.expr, site.frame.scopes())
    if not isinstance(found, Ambiguous):
        return found
    parts = dotted_parts(site.expr) or []
    if "asyncio" in found.qualnames and len(parts) > 1:  # the module name itself is ambiguous
        return canonical(".".join(["asyncio"] + parts[1:]))
    ours = sorted(q for q in found.qualnames if q and q.startswith("asyncio."))
    return ours[0] if ours else None


def sync_loop_sites(analysis, names, skip=()) -> list:
    """Sites of asyncio.<names> that may run outside a coroutine (where they use the current loop).
    Future and Task count only when called: annotations, isinstance() and base classes make nothing."""
    wanted = {"asyncio." + n for n in names}
    found = []
    for site in analysis.sites:
        if id(site.expr) in skip or site.in_coroutine_body:
            continue
        what = meaning(analysis, site)
        if what in wanted and (site.call is not None or what not in ("asyncio.Future", "asyncio.Task")):
            found.append(site)
    return found


def local_coroutine_call(analysis, expr) -> bool:
    """`f(...)` where f can only be this file's module-level, undecorated, non-generator async def."""
    if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Name):
        return False
    name = expr.func.value
    defs = analysis.module_functions.get(name, [])
    if len(defs) != 1 or len(analysis.bindings.get(name, ())) != 1:
        return False
    return defs[0].asynchronous is not None and not defs[0].decorators and not is_generator(defs[0])


class _YieldFinder(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.found = False

    def visit_Yield(self, node) -> None:
        self.found = True

    def visit_FunctionDef(self, node) -> bool:
        return False  # a nested function's yield makes it, not us, a generator

    def visit_Lambda(self, node) -> bool:
        return False

    def visit_ClassDef(self, node) -> bool:
        return False


def is_generator(function: cst.FunctionDef) -> bool:
    finder = _YieldFinder()
    walk(function.body, finder)
    return finder.found


class _Ancestry(cst.CSTVisitor):
    SKIP_TRIVIA = True  # walk() need not enter whitespace and punctuation

    def __init__(self, wanted):
        super().__init__()
        self.wanted, self.stack, self.found = wanted, [], {}

    def on_visit(self, node) -> bool:
        if id(node) in self.wanted:
            self.found[id(node)] = list(self.stack)
        self.stack.append(node)
        return True

    def on_leave(self, original_node) -> None:
        self.stack.pop()


def ancestors(root: cst.CSTNode, nodes) -> Dict[int, List[cst.CSTNode]]:
    """id(node) -> its ancestors from root down to its parent, for each of `nodes` under root."""
    visitor = _Ancestry({id(n) for n in nodes})
    walk(root, visitor)
    return visitor.found


def statement_index(chain: Sequence[cst.CSTNode], block) -> Optional[int]:
    """Index in block.body of the statement (a direct child of block) that holds the node."""
    for depth, node in enumerate(chain[:-1]):
        if node is block:
            child = chain[depth + 1]
            return next(i for i, s in enumerate(block.body) if s is child)
    return None


class Use:
    """What a load of the loop variable does: `loop.m(...)` ("method"), `loop.m` handed to a call
    ("bound-method-arg"), another `loop.m` ("attribute"), `f(loop)` ("argument"), or "other"."""
    __slots__ = ("kind", "attr", "call")

    def __init__(self, kind, attr=None, call=None):
        self.kind, self.attr, self.call = kind, attr, call


def classify(chain: Sequence[cst.CSTNode], name_node: cst.Name) -> Use:
    parent = chain[-1] if chain else None
    if isinstance(parent, cst.Attribute) and parent.value is name_node:
        above = chain[-2] if len(chain) > 1 else None
        if isinstance(above, cst.Call) and above.func is parent:
            return Use("method", parent.attr.value, above)
        if isinstance(above, cst.Arg) and len(chain) > 2 and isinstance(chain[-3], cst.Call):
            return Use("bound-method-arg", parent.attr.value, chain[-3])
        return Use("attribute", parent.attr.value)
    if isinstance(parent, cst.Arg) and len(chain) > 1 and isinstance(chain[-2], cst.Call):
        return Use("argument", None, chain[-2])
    return Use("other")


def only_statement(line) -> Optional[cst.BaseSmallStatement]:
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        return line.body[0]
    return None


def method_call_statement(line, name: str, method: str) -> bool:
    """The line is exactly `name.method()`."""
    statement = only_statement(line)
    call = statement.value if isinstance(statement, cst.Expr) else None
    return (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute)
            and dotted_parts(call.func) == [name, method])


def call_statement(line) -> Optional[cst.Call]:
    statement = only_statement(line)
    return statement.value if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call) else None


def assignment_to(line, name: str) -> Optional[cst.BaseExpression]:
    """The value of `name = value` when the line is exactly that."""
    statement = only_statement(line)
    if (isinstance(statement, cst.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0].target, cst.Name) and statement.targets[0].target.value == name):
        return statement.value
    return None


def comment_lines(line) -> List[cst.EmptyLine]:
    """A statement line's own comments (leading lines, trailing comment), to keep when it goes away."""
    lines = list(line.leading_lines)
    trailing = getattr(line, "trailing_whitespace", None)
    if trailing is not None and trailing.comment is not None:
        lines.append(cst.EmptyLine(comment=trailing.comment))
    return lines


def header_comment(block) -> List[cst.EmptyLine]:
    header = getattr(block, "header", None)
    return [cst.EmptyLine(comment=header.comment)] if header is not None and header.comment is not None else []


class Rewriter(AlongPaths, cst.CSTTransformer):
    """One pass: `nodes` maps id(original) -> replacement; `blocks` maps id(original block or module)
    -> function(updated block) -> new block. Statement lists keep their indices until their block's
    function runs, because `nodes` only ever replaces nodes in place."""

    def __init__(self, nodes: Dict[int, cst.CSTNode], blocks: Dict[int, Callable]):
        super().__init__()
        self.nodes, self.blocks = nodes, blocks

    def on_leave(self, original_node, updated_node):
        replacement = self.nodes.get(id(original_node))
        if replacement is not None:
            return replacement
        rebuild = self.blocks.get(id(original_node))
        return rebuild(updated_node) if rebuild is not None else updated_node


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


def name_asyncio_attr(analysis, module, scopes, attr: str, beside, dropped=()):
    """An expression naming asyncio.<attr> where `scopes` can see it, and the import edits that needs:
    {id(import node): new node, "after": import line to follow with `from asyncio import <attr>`}.
    `beside` is the expression whose from-import may bring the name; `dropped` are Name expressions
    whose one use the caller removes, so their from-import names go when that leaves the line intact.
    (None, None) when no import can be added safely."""
    edits = {}
    for expr in dropped:
        if isinstance(expr, cst.Name) and expr is not beside:
            _change_import(analysis, expr.value, None, edits)
    drop_beside = any(expr is beside for expr in dropped)
    candidates = [(n, "asyncio") for n in ["asyncio"] + analysis.local_names_for("asyncio")]
    candidates += [(n, "asyncio." + attr) for n in [attr] + analysis.local_names_for("asyncio." + attr)]
    for name, wanted in candidates:
        if analysis.resolve_name(name, scopes) == wanted:
            if drop_beside and isinstance(beside, cst.Name):
                _change_import(analysis, beside.value, None, edits)
            return (cst.Attribute(cst.Name(name), cst.Name(attr)) if wanted == "asyncio" else cst.Name(name)), edits
    found = analysis.import_bindings(beside.value) if isinstance(beside, cst.Name) else []
    if len(found) != 1 or found[0][1] is not module or attr in analysis.bindings or analysis.name_loads[attr]:
        return None, None
    node, line = found[0][0], analysis.import_lines[id(found[0][0])]
    if (isinstance(node, cst.ImportFrom) and node.module is not None and not node.relative
            and not has_comment(line) and dotted_parts(node.module) == ["asyncio"]):
        if not (drop_beside and _change_import(analysis, beside.value, attr, edits)):
            edits[id(node)] = edit_from_import(edits.get(id(node), node), beside.value, attr, False)
        return cst.Name(attr), edits
    if not any(statement is line for statement in module.body):
        return None, None
    edits["after"] = line  # a line of its own leaves a commented or foreign import untouched
    return cst.Name(attr), edits


def _change_import(analysis, local: str, add: Optional[str], edits) -> bool:
    """Drop (or replace by `add`) the from-import of `local` when its only use goes away. A line
    left empty is removed only when it carries no comment. True when done."""
    found = analysis.import_bindings(local)
    if len(found) != 1 or analysis.name_loads[local] != 1 or local in analysis.exported:
        return False
    node = found[0][0]
    line = analysis.import_lines[id(node)]
    if not isinstance(node, cst.ImportFrom) or has_comment(line):
        return False
    new = edit_from_import(edits.get(id(node), node), local, add, True)
    if new is REMOVE:
        if len(line.body) != 1:
            return False
        edits[id(line)] = cst.RemovalSentinel.REMOVE
    else:
        edits[id(node)] = new
    return True


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
