"""What one coroutine's own code shows (docs/SEMANTICS.md P15 rules 2, 6 and 7): the bindings of its
scope, whether it yields, which statements always run before a use, and what may suspend it between two
points; and the generators that only look like generator-based coroutines (docs/SEMANTICS.md B5)."""
from collections import defaultdict
from typing import Dict, List, Optional

import libcst as cst

from .code_text import dotted_text
from .syntax import dotted_parts, param_names
from .walk import walk


class CoroutineFacts:
    """Bindings of one async def's own scope (nested def/lambda/class bodies excluded), the names
    declared global/nonlocal (a nonlocal anywhere inside counts: it may rebind ours), its parameters,
    and whether it is an async generator."""

    def __init__(self, function: cst.FunctionDef):
        self.function = function
        self.params = set(param_names(function.params))
        scan = _Scan()
        walk(function.body, scan)
        self.bindings: Dict[str, List[cst.CSTNode]] = scan.bindings
        self.declared = scan.declared
        self.is_async_generator = scan.yields  # for a sync def: it is a generator
        self.yields_from = scan.yields_from
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

    def dominates(self, statement: cst.CSTNode, use: cst.CSTNode, parent_of) -> bool:
        """True when `statement` (a small statement) always completes before `use` runs: the use is in
        a later small statement of the same line, or in a later statement of the same block. `parent_of`
        is the module's ancestry (ctx.tree)."""
        line = parent_of(statement)  # SimpleStatementLine, or the suite of `if x: a; b`
        block = parent_of(line) if isinstance(line, cst.SimpleStatementLine) else None
        if not isinstance(line, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            return False
        node = use
        while node is not None and node is not self.function:
            parent = parent_of(node)
            if parent is line:
                return _index(line.body, node) > _index(line.body, statement)
            if parent is block and isinstance(block, cst.IndentedBlock):
                return _index(block.body, node) > _index(block.body, line)
            node = parent
        return False


def _index(sequence, node) -> int:
    return next(i for i, item in enumerate(sequence) if item is node)


def target_names(target) -> List[str]:
    """The names an assignment target binds (`a`, `a, *b`, `[a, b]`); none for attributes and subscripts."""
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for element in target.elements for n in target_names(element.value)]
    if isinstance(target, cst.StarredElement):
        return target_names(target.value)
    return []


class _Scan(cst.CSTVisitor):
    """The bindings, declarations and yields of one function body, nested def/lambda/class bodies aside."""

    def __init__(self):
        super().__init__()
        self.nested = 0  # inside a nested def/lambda/class body
        self.bindings: Dict[str, List[cst.CSTNode]] = defaultdict(list)
        self.declared: set = set()
        self.yields = False
        self.yields_from = False
        self.attribute_assignments: Dict[tuple, List[cst.Assign]] = defaultdict(list)

    def _bind(self, target, node):
        if not self.nested:
            for name in target_names(target):
                self.bindings[name].append(node)

    def _enter(self, node):
        self.nested += 1

    def _exit(self, node):
        self.nested -= 1

    visit_FunctionDef_body = visit_Lambda_body = visit_ClassDef_body = _enter
    leave_FunctionDef_body = leave_Lambda_body = leave_ClassDef_body = _exit

    def _bind_name(self, node):  # def, class, match capture: `node.name` is a Name (or None)
        if node.name is not None:
            self._bind(node.name, node)

    def _bind_target(self, node):  # augmented/annotated assignment, for, comprehension, walrus, del
        self._bind(node.target, node)

    def _bind_as(self, node):  # `except E as name`
        if node.name is not None:
            self._bind(node.name.name, node)

    visit_FunctionDef = visit_ClassDef = visit_MatchAs = visit_MatchStar = _bind_name
    visit_AugAssign = visit_AnnAssign = visit_For = visit_NamedExpr = visit_Del = _bind_target
    visit_CompFor = _bind_target  # its own scope in Python 3; counted anyway (conservative)
    visit_ExceptHandler = visit_ExceptStarHandler = _bind_as

    def visit_Assign(self, node):
        for target in node.targets:
            self._bind(target.target, node)
        parts = dotted_parts(node.targets[0].target) if len(node.targets) == 1 else None
        if not self.nested and parts is not None and len(parts) == 2:
            self.attribute_assignments[tuple(parts)].append(node)

    def visit_WithItem(self, node):
        if node.asname is not None:
            self._bind(node.asname.name, node)

    def visit_Import(self, node):
        for alias in node.names:
            bound = alias.asname.name if alias.asname else cst.Name(dotted_parts(alias.name)[0])
            self._bind(bound, node)

    def visit_ImportFrom(self, node):
        if isinstance(node.names, cst.ImportStar):
            return  # a SyntaxError inside a function
        for alias in node.names:
            self._bind(alias.asname.name if alias.asname else alias.name, node)

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


def suspension_between(tree, function, statement, read) -> Optional[str]:
    """What may suspend `function` after `statement` completes and before `read` is evaluated (an
    await, a yield, async for/with, or any of these in a loop that holds `read` but not `statement`),
    or None. Code in nested def and lambda bodies does not run there. `tree` is ctx.tree's index."""
    nodes = tree.nodes
    start, end = tree.span[id(statement)][1], tree.span[id(read)][0]
    ancestors = []
    node = tree.parent.get(id(read))
    while node is not None and node is not function:
        ancestors.append(node)
        node = tree.parent.get(id(node))
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
