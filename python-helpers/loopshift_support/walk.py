"""A read-only traversal of LibCST trees, several times cheaper than `CSTNode.visit`.

LibCST's `visit` rebuilds every node it passes (a dataclass construction plus validation), even
for a CSTVisitor that changes nothing; that was most of the cost of our analyses. `walk` visits the
same children in the same order with the same hooks (`visit_X` returning False to skip children,
`visit_X_attr`, `leave_X_attr`, `leave_X`, or overridden `on_visit`/`on_leave`), and does not enter
whitespace and operator nodes unless the visitor has a hook for them.

The order of a node's children is read once per node class from its `_visit_and_replace_children`
(the order LibCST itself visits in); if that cannot be read, the class falls back to LibCST.
"""
import ast
import inspect
import textwrap
from typing import Callable, Dict, Optional, Tuple

import libcst as cst

_VISIT_HELPERS = {"visit_required", "visit_optional", "visit_sentinel", "visit_sequence", "visit_iterable",
                  "visit_body_sequence", "visit_body_iterable"}


def _trivia_classes() -> frozenset:
    """Node classes that hold only whitespace, comments and punctuation."""
    from libcst._nodes import op, whitespace
    found = {cls for module in (op, whitespace) for cls in vars(module).values()
             if inspect.isclass(cls) and issubclass(cls, cst.CSTNode) and cls.__module__ == module.__name__}
    found.update(getattr(cst, name) for name in ("LeftParen", "RightParen", "LeftSquareBracket",
                                                 "RightSquareBracket", "LeftCurlyBrace", "RightCurlyBrace"))
    return frozenset(found)


TRIVIA = _trivia_classes()
_FIELDS: Dict[type, Optional[Tuple[str, ...]]] = {}
_UNREAD = object()  # a class child_fields has not read yet


def child_fields(cls: type) -> Optional[Tuple[str, ...]]:
    """The attributes LibCST visits for this class, in its order; None if they cannot be read."""
    try:
        return _FIELDS[cls]
    except KeyError:
        pass
    try:
        source = textwrap.dedent(inspect.getsource(cls._visit_and_replace_children))
        calls = [node for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                 and node.func.id in _VISIT_HELPERS and len(node.args) >= 2
                 and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)]
        calls.sort(key=lambda call: (call.lineno, call.col_offset))
        names: Tuple[str, ...] = tuple(dict.fromkeys(call.args[1].value for call in calls))
        if not all(hasattr(cls, "__dataclass_fields__") and name in cls.__dataclass_fields__ for name in names):
            names = None
    except (OSError, TypeError, SyntaxError):  # no source (e.g. a frozen install): use LibCST's visit
        names = None
    _FIELDS[cls] = names
    return names


class _Plan:
    """A visitor class's hooks, looked up once per node class."""

    def __init__(self, visitor_cls: type):
        self.visitor_cls = visitor_cls
        on_visit = visitor_cls.on_visit
        on_leave = visitor_cls.on_leave
        self.generic_visit = on_visit if on_visit is not cst.CSTVisitor.on_visit else None
        self.generic_leave = on_leave if on_leave is not cst.CSTVisitor.on_leave else None
        hooked = {name.split("_")[1] for name in dir(visitor_cls)
                  if name.startswith(("visit_", "leave_")) and len(name.split("_")) > 1
                  and _own(visitor_cls, name) is not None}
        # A visitor that sees every node, or names a trivia class, gets the trivia too, unless it
        # says it has no use for them (SKIP_TRIVIA = True on a visitor with on_visit/on_leave).
        generic = (self.generic_visit or self.generic_leave) and not getattr(visitor_cls, "SKIP_TRIVIA", False)
        if generic or any(cls.__name__ in hooked for cls in TRIVIA):
            self.skip = frozenset()
        else:
            self.skip = TRIVIA
        self.by_class: Dict[type, tuple] = {}
        # Attribute hooks are looked up by name below; a generic override of them is LibCST's job.
        self.native = (visitor_cls.on_visit_attribute is not cst.CSTVisitor.on_visit_attribute
                       or visitor_cls.on_leave_attribute is not cst.CSTVisitor.on_leave_attribute)

    def hooks(self, cls: type) -> tuple:
        found = self.by_class.get(cls)
        if found is None:
            name = cls.__name__
            visit = self.generic_visit or _own(self.visitor_cls, "visit_" + name)
            leave = self.generic_leave or _own(self.visitor_cls, "leave_" + name)
            fields = child_fields(cls)
            attrs = None
            if fields is not None:
                attrs = tuple((field, _own(self.visitor_cls, "visit_%s_%s" % (name, field)),
                               _own(self.visitor_cls, "leave_%s_%s" % (name, field)))
                              for field in fields)
            found = self.by_class[cls] = (visit, leave, attrs)
        return found


def _own(visitor_cls: type, name: str) -> Optional[Callable]:
    """The visitor's hook `name`, or None for the no-op every CSTVisitor inherits (calling it changes
    nothing, and a class whose only hooks are those is trivia the walk need not enter)."""
    found = getattr(visitor_cls, name, None)
    return None if found is None or found is getattr(cst.CSTVisitor, name, None) else found


_PLANS: Dict[type, _Plan] = {}


def walk(node: cst.CSTNode, visitor: cst.CSTVisitor) -> None:
    """Visit `node` and its descendants with a read-only `visitor`, as `node.visit(visitor)` would."""
    visitor_cls = type(visitor)
    plan = _PLANS.get(visitor_cls)
    if plan is None:
        plan = _PLANS[visitor_cls] = _Plan(visitor_cls)
    if plan.native:
        node.visit(visitor)
        return
    _walk(node, visitor, plan.by_class, plan.hooks, _entered(plan.skip))


def _walk(node, visitor, by_class: dict, hooks: Callable, enter: dict) -> None:
    # Per node and child, one dict lookup each (by_class, enter): this loop is most of an analysis' cost.
    cls = type(node)
    found = by_class.get(cls)
    visit, leave, attrs = found if found is not None else hooks(cls)
    if attrs is None:
        node.visit(visitor)  # a class whose children we could not read: LibCST's own traversal
        return
    if visit is None or visit(visitor, node) is not False:
        for field, before, after in attrs:
            if before is not None:
                before(visitor, node)
            value = getattr(node, field)
            kind = type(value)
            if kind is tuple or kind is list:
                for child in value:
                    go = enter.get(type(child))
                    if go or (go is None and _enters(enter, type(child))):
                        _walk(child, visitor, by_class, hooks, enter)
            else:
                go = enter.get(kind)
                if go or (go is None and _enters(enter, kind)):
                    _walk(value, visitor, by_class, hooks, enter)
            if after is not None:
                after(visitor, node)
    if leave is not None:
        leave(visitor, node)


# Per set of skipped classes: class -> whether a walk enters a value of it (a node not skipped).
# CSTNode is an ABC, and isinstance() against it is slow; the answer per class never changes.
_ENTERED: Dict[frozenset, Dict[type, bool]] = {}


def _entered(skip: frozenset) -> Dict[type, bool]:
    found = _ENTERED.get(skip)
    if found is None:
        found = _ENTERED[skip] = {cls: False for cls in skip}
    return found


def _enters(enter: Dict[type, bool], kind: type) -> bool:
    found = enter[kind] = issubclass(kind, cst.CSTNode)  # skipped classes are in the dict already
    return found


class TreeIndex:
    """Every node's parent and preorder span (whitespace and punctuation left out), from one pass:
    the structure several analyses need, built once per module version (FileContext.tree)."""

    def __init__(self, root: cst.CSTNode):
        self.parent: Dict[int, Optional[cst.CSTNode]] = {}
        self.span: Dict[int, Tuple[int, int]] = {}  # id -> (own preorder number, one past its last descendant's)
        self.nodes: list = []                       # preorder
        parents, spans, nodes, enter = self.parent, self.span, self.nodes, _entered(TRIVIA)

        def add(node: cst.CSTNode, parent: Optional[cst.CSTNode]) -> None:
            key = id(node)
            parents[key] = parent
            start = len(nodes)
            nodes.append(node)
            fields = _FIELDS.get(type(node), _UNREAD)
            if fields is _UNREAD:
                fields = child_fields(type(node))
            if fields is None:
                fields, node_children = (), node.children  # LibCST's own list, for a class we could not read
            else:
                node_children = ()
            for child in node_children:
                go = enter.get(type(child))
                if go or (go is None and _enters(enter, type(child))):
                    add(child, node)
            for field in fields:
                value = getattr(node, field)
                kind = type(value)
                if kind is tuple or kind is list:
                    for child in value:
                        go = enter.get(type(child))
                        if go or (go is None and _enters(enter, type(child))):
                            add(child, node)
                else:
                    go = enter.get(kind)
                    if go or (go is None and _enters(enter, kind)):
                        add(value, node)
            spans[key] = (start, len(nodes))

        try:
            add(root, None)
        finally:
            del add  # `add` refers to itself through its closure: a cycle that would keep the tree for the GC

    def inside(self, node, outer) -> bool:
        """`node` is `outer` or one of its descendants."""
        a, b = self.span[id(node)], self.span[id(outer)]
        return b[0] <= a[0] and a[1] <= b[1]

    def descendants(self, node) -> list:
        """`node` and everything under it, in preorder."""
        start, end = self.span[id(node)]
        return self.nodes[start:end]

    def function_of(self, node) -> Optional[cst.CSTNode]:
        """The innermost def or lambda holding `node`, or None at module level."""
        up = self.parent.get(id(node))
        while up is not None and type(up) not in (cst.FunctionDef, cst.Lambda):
            up = self.parent.get(id(up))
        return up


class _PathFinder(cst.CSTVisitor):
    SKIP_TRIVIA = True

    def __init__(self, targets: frozenset):
        super().__init__()
        self.targets = targets
        self.stack: list = []
        self.on_path: set = set()
        self.found: set = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.stack.append(id(node))
        if id(node) in self.targets:
            self.found.add(id(node))
            for ancestor in reversed(self.stack):
                if ancestor in self.on_path:
                    break
                self.on_path.add(ancestor)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()


class AlongPaths:
    """Mixin for a CSTTransformer that edits a few known nodes: it enters only the subtrees that
    hold them (set by `transform_along_paths`), instead of rebuilding the whole tree. Its visit_X
    hooks see only those paths, and leave_X also the untouched siblings along them: suited to
    transformers that decide by node identity, not to ones that gather state on the way down."""

    on_path: Optional[set] = None

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.on_path is not None and id(node) not in self.on_path:
            return False
        return super().on_visit(node)


def transform_along_paths(root: cst.CSTNode, transformer: AlongPaths, ids) -> cst.CSTNode:
    """root.visit(transformer), entering only the ancestors of the nodes whose ids are given."""
    targets = frozenset(ids)
    finder = _PathFinder(targets)
    walk(root, finder)
    # A target walk() never reached (say a comma, which it skips): take the whole tree, as LibCST would.
    transformer.on_path = finder.on_path if finder.found == targets else None
    return root.visit(transformer)
