"""What the tests of a unittest class share beyond one test (docs/SEMANTICS.md P13a, LS901), for the
unittest_loop transform: module and class fixtures, class-level state, stores outside the test
instance, module variables that may hold objects made under one test's loop. Only reads the tree.
"""
from typing import Dict, FrozenSet, Iterator, List, Optional, Tuple

import libcst as cst

from .asyncio_api import PRIMITIVES
from .syntax import dotted_parts, terminal_name
from .test_loops import LITERALS, STORING_METHODS, constant, is_load, keeps_state, methods, self_param

CLASS_FIXTURES = frozenset({"setUpClass", "tearDownClass"})
MODULE_FIXTURES = frozenset({"setUpModule", "tearDownModule"})


def shared_state(analysis, tree, cls: cst.ClassDef, stateful: FrozenSet[str]) -> Optional[Tuple[cst.CSTNode, str]]:
    """(node, why) where the class keeps or reaches state that outlives one test, or None."""
    for name in MODULE_FIXTURES:
        for found in analysis.module_functions.get(name, ()):
            return found, "%s() makes state shared by every test of the module" % name
    for statement in cls.body.body if isinstance(cls.body, cst.IndentedBlock) else (cls.body,):
        if isinstance(statement, cst.FunctionDef):
            if statement.name.value in CLASS_FIXTURES:
                return statement, "%s() makes state shared by the class's tests" % statement.name.value
            continue
        if not constant_line(statement):
            return statement, "the class body holds state shared by its tests"
    for method in methods(cls):
        me, local = self_param(method), _locals(analysis, tree, method)
        for node in tree.descendants(method):
            if isinstance(node, (cst.Global, cst.Nonlocal)):
                return node, "%s() rebinds a variable outside the test" % method.name.value
            for target in _targets(node):
                root = _root(target)
                if root is None or root.value != me or _through_class(target):
                    return target, "%s() stores into state outside the test instance" % method.name.value
            if (isinstance(node, cst.Name) and node.value in stateful and node.value not in local
                    and is_load(tree, node)):
                return node, "%s() uses the module variable %s, which may hold loop-bound objects" % (
                    method.name.value, node.value)
    return None


# Decorators that keep a function's results across calls: `@lru_cache def work_queue(): return asyncio.Queue()`.
_CACHES = frozenset({"lru_cache", "cache", "functools.lru_cache", "functools.cache", "memoize", "cached"})


def kept_by_functions(analysis, tree, stateful: FrozenSet[str], tests) -> Optional[Tuple[cst.CSTNode, str]]:
    """(node, why) where a function of this file outside the test classes `tests` keeps what it makes or is
    given in module state, which outlives a test: a `global` declaration, a store into or a mutating call on
    a module variable that is not a constant (`_LIMITERS[name] = asyncio.Semaphore(1)`), a caching decorator.
    A test that reaches it through helpers (a coroutine calling `limiter()`) shares what it keeps with the
    next test; an asyncio object kept so is bound to the first test's loop (probe round 10: a module-level
    registry of semaphores and an lru_cache'd Queue failed in the second test's own loop). On the
    conservative side: the helpers need not be reachable from the tests."""
    for node in tree.nodes:
        if type(node) is not cst.FunctionDef or any(tree.inside(node, cls) for cls in tests):
            continue
        for decorator in node.decorators:
            target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            parts = ".".join(dotted_parts(target) or ())
            if parts in _CACHES:
                return decorator, "%s() caches what it returns across tests (@%s)" % (node.name.value, parts)
        local = _locals(analysis, tree, node)
        for inner in tree.descendants(node):
            if isinstance(inner, cst.Global):
                return inner, "%s() rebinds module variables, kept across tests" % node.name.value
            for target in _targets(inner):
                root = _root(target)
                if root is not None and root.value in stateful and root.value not in local:
                    return target, "%s() stores into the module variable %s, kept across tests" % (
                        node.name.value, root.value)
            if (isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute)
                    and inner.func.attr.value in STORING_METHODS):
                root = _root(inner.func.value)
                if root is not None and root.value in stateful and root.value not in local:
                    return inner, "%s() adds to the module variable %s, kept across tests" % (
                        node.name.value, root.value)
            # Any read too: `await _EVENTS[name].wait()` on a defaultdict inserts, `READY.wait()` uses a module
            # Event bound to the first test's loop (probe round 13, D p04, p16, p17).
            if type(inner) is cst.Name and inner.value in stateful and inner.value not in local and is_load(tree, inner):
                return inner, "%s() reads the module variable %s, kept across tests" % (node.name.value, inner.value)
        if any(p.default is not None and not _constant(p.default) for p in (
                *node.params.posonly_params, *node.params.params, *node.params.kwonly_params)):
            return node, "%s() has a default that is no constant, kept across tests" % node.name.value
    for node in tree.nodes:
        # A class of the file (not a test) holding a container in its body: `FakeBroker.topics.setdefault(...)`
        # fills it across tests (probe round 13, D p53).
        if type(node) is cst.ClassDef and not any(node is cls for cls in tests) and type(node.body) is cst.IndentedBlock:
            for statement in node.body.body:
                if type(statement) is cst.SimpleStatementLine and any(
                        type(small) in (cst.Assign, cst.AnnAssign) and small.value is not None
                        and not _constant(small.value) and not _safe_value(small.value) for small in statement.body):
                    return statement, "class %s keeps a value in its body, shared across tests" % node.name.value
    return None


# Calls that make an object bound to a loop (by spelling: over-matching only declines more).
_LOOP_BOUND = PRIMITIVES | {"Future", "create_future", "Barrier"}


def loop_bound_kept(tree, tests) -> Optional[Tuple[cst.CSTNode, str]]:
    """(node, why) where code outside the test classes `tests` makes an asyncio object bound to a loop and may
    keep it beyond one test: in a sync function (a default argument, a closure, an instance of a registry
    class, a singleton: probe round 11, m3, m5, u4, u5, u7), or in a coroutine other than as a local, an
    awaited value, an `async with` or a returned value. A loop per test then finds it bound to the first
    test's loop (3.10+: RuntimeError when contended; before, "attached to a different loop")."""
    for node in tree.nodes:
        if type(node) is not cst.Call:
            continue
        name = terminal_name(node.func)
        if name not in _LOOP_BOUND or any(tree.inside(node, cls) for cls in tests):
            continue
        up, function = tree.parent.get(id(node)), tree.function_of(node)
        if function is None:
            continue  # module level: a module variable, which the tests' reads are checked for
        # A local is kept only by a coroutine that stores nothing elsewhere (`Locks.by_name[name] = lock`: round 12, p31).
        if type(function) is cst.FunctionDef and function.asynchronous is not None and (
                type(up) in (cst.Await, cst.WithItem, cst.Return)
                or (type(up) is cst.Assign and len(up.targets) == 1 and type(up.targets[0].target) is cst.Name
                    and not keeps_state(function))):
            continue
        where = function.name.value + "()" if type(function) is cst.FunctionDef else "a lambda"
        return node, "%s makes %s() and may keep it beyond one test" % (where, name)
    return None


def module_state(analysis) -> FrozenSet[str]:
    """Module-level names bound by something other than an import, a def, a class or an assignment of
    an immutable constant: they may hold objects made under one test's loop."""
    plain: Dict[str, int] = {}
    for statement in _module_statements(analysis.module.body):
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            plain[statement.name.value] = plain.get(statement.name.value, 0) + 1
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None \
                        and _constant(small.value):
                    targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                    for target in targets:
                        if isinstance(target, cst.Name):
                            plain[target.value] = plain.get(target.value, 0) + 1
    module = analysis.module
    return frozenset(name for name, found in analysis.bindings.items()
                     if sum(1 for b in found if b.scope is module and b.qualname is None) > plain.get(name, 0))


def _module_statements(body) -> Iterator[cst.CSTNode]:
    """Module-level statements, also inside if/try/with/for/while blocks (not in defs or classes)."""
    for statement in body:
        yield statement
        for block in _inner_blocks(statement):
            if isinstance(block, cst.IndentedBlock):
                yield from _module_statements(block.body)


def _inner_blocks(statement) -> Iterator[cst.BaseSuite]:
    if isinstance(statement, (cst.If, cst.Try, cst.With, cst.For, cst.While)):
        yield statement.body
        for handler in getattr(statement, "handlers", ()):
            yield handler.body
        for field in ("orelse", "finalbody"):
            part = getattr(statement, field, None)
            if isinstance(part, cst.If):
                yield from _inner_blocks(part)
            elif part is not None:
                yield part.body


# Module-level values that hold nothing bound to a loop and that nothing fills: a logger, paths, patterns.
_SAFE_MAKERS = frozenset({"getLogger", "Path", "PurePath", "dirname", "abspath", "realpath", "basename", "join",
                          "compile", "getenv", "TypeVar", "NewType", "namedtuple", "NamedTuple", "frozenset"})


def _safe_value(expr) -> bool:
    """`logging.getLogger(__name__)`, `os.path.dirname(__file__)`, `re.compile("x")`: arguments of names,
    attributes and constants only (probe round 13, D gaps p30, p31)."""
    return isinstance(expr, cst.Call) and terminal_name(expr.func) in _SAFE_MAKERS and all(
        not arg.star and (_constant(arg.value) or isinstance(arg.value, (cst.Name, cst.Attribute)) or _safe_value(arg.value))
        for arg in expr.args)


def _constant(expr) -> bool:
    return constant(expr, _safe_value)


def constant_line(statement) -> bool:
    """A docstring, `pass`, or assignments of immutable constants to plain names."""
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Pass) or (isinstance(small, cst.Expr) and isinstance(small.value, LITERALS)):
            continue
        if (isinstance(small, cst.Assign) and _constant(small.value)
                and all(isinstance(t.target, cst.Name) for t in small.targets)):
            continue
        if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and (
                small.value is None or _constant(small.value)):
            continue
        return False
    return True


def _locals(analysis, tree, method) -> set:
    """Names bound in the method or in a function nested in it (conservatively: any of them)."""
    scopes = {id(method)} | {id(n) for n in tree.descendants(method) if isinstance(n, (cst.FunctionDef, cst.Lambda))}
    return {name for name, found in analysis.bindings.items() if any(id(b.scope) in scopes for b in found)}


def _targets(node) -> List[cst.BaseExpression]:
    """Attribute and subscript targets of a store (assignment, augmented, annotated, for, with, del)."""
    if isinstance(node, cst.Assign):
        found = [t.target for t in node.targets]
    elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For)):
        found = [node.target]
    elif isinstance(node, cst.WithItem) and node.asname is not None:
        found = [node.asname.name]
    elif isinstance(node, cst.Del):
        found = [node.target]
    else:
        return []
    flat = []
    while found:
        target = found.pop()
        if isinstance(target, (cst.Tuple, cst.List)):
            found.extend(e.value for e in target.elements)
        elif isinstance(target, cst.StarredElement):
            found.append(target.value)
        elif isinstance(target, (cst.Attribute, cst.Subscript)):
            flat.append(target)
    return flat


def _root(target) -> Optional[cst.Name]:
    while isinstance(target, (cst.Attribute, cst.Subscript)):
        target = target.value
    return target if isinstance(target, cst.Name) else None


def _through_class(target) -> bool:
    """self.__class__.x, self.__dict__ ...: not the instance's own state."""
    while isinstance(target, (cst.Attribute, cst.Subscript)):
        if isinstance(target, cst.Attribute) and target.attr.value.startswith("__"):
            return True
        target = target.value
    return False
