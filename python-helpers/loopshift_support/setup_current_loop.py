"""P15 rule 8, the test form (docs/SEMANTICS.md): `loop=self.X` in a unittest test method whose setUp() made
self.X the current loop.

unittest runs setUp() and then the test method, nothing between (TestCase.run: _callSetUp, _callTestMethod).
When the setUp() that runs is known (the class is run by unittest alone and never extended: test_loops'
class_problem; setUp() is its own or a same-file base's, found in the method resolution order) and ends with
`self.X = asyncio.get_event_loop()` or `asyncio.set_event_loop(self.X)`, with nothing after that can set a loop
or store X, the test method starts with self.X as the loop get_event_loop() returns: rule 8's anchor, one
method earlier. current_loop_arg checks the test method's statements before the call as it checks those after
the anchor."""
import re
from typing import List, Optional, Tuple

import libcst as cst

from .asyncio_api import GET_EVENT_LOOP, SET_EVENT_LOOP
from .syntax import dotted_parts, in_own_body
from .test_loops import RUNS_TESTS, TEST_CASES, callee, class_problem, methods, self_param

# Decorators of a test method that only mark it: they run nothing around it.
_MARKS = frozenset("unittest%s.%s" % (module, name) for module in ("", ".case")
                   for name in ("skip", "skipIf", "skipUnless", "expectedFailure"))
_TEST_CASE = "unittest.TestCase"  # stands for the class in a linearization
# TestCase.run's steps around setUp() and the method (3.8+): overridden, they may run code between.
_STEPS = frozenset({"_callSetUp", "_callTestMethod"})
# Hooks that may replace or wrap the test methods of a class or an instance (probe 7, W03: __init_subclass__).
_HOOKS = frozenset({"__init_subclass__", "__init__", "__new__", "__getattribute__", "__getattr__"})


def setup_anchor(check, block, value: cst.Attribute) -> Tuple[Optional[str], Optional[str]]:
    """(a reason, None) when `block` is the body of a sync test method that unittest alone sets up and whose
    setUp() leaves `value` (self.X) the current loop; (None, why not) for such a method where that fails;
    (None, None) when `block` is no test method's body."""
    env, analysis = check.env, check.analysis
    method = env.parent_of(block)
    holder = env.parent_of(method) if isinstance(method, cst.FunctionDef) else None
    cls = env.parent_of(holder) if isinstance(holder, cst.IndentedBlock) else None
    if not isinstance(cls, cst.ClassDef) or not method.name.value.startswith("test") \
            or method.asynchronous is not None or self_param(method) != value.value.value:
        return None, None
    mro = _mro(analysis, cls)
    if mro is None:
        return None, None
    for decorator in method.decorators:
        if analysis.resolve(callee(decorator.decorator), (analysis.module,)) not in _MARKS:
            return None, "a decorator of %s() may run code around it" % method.name.value
    why = class_problem(analysis, env.tree, cls, env.ctx.project, bases_checked=True)
    if why:
        return None, why
    if _named_elsewhere(env.tree, method) or _named_in_text(env.ctx.source, method.name.value):
        return None, "%s is named elsewhere in this file (another test may call it)" % method.name.value
    for base in mro:
        if base is _TEST_CASE:
            continue
        # Marks only: a class-level mock.patch (unittest.mock too) wraps each test method.
        if base.keywords or any(m.name.value in RUNS_TESTS | _STEPS | _HOOKS for m in methods(base)) or any(
                analysis.resolve(callee(d.decorator), (analysis.module,)) not in _MARKS for d in base.decorators):
            return None, "%s may change how the tests run (a metaclass, a decorator or an override)" % base.name.value
    setups = []
    for base in mro:
        if base is _TEST_CASE:
            break  # TestCase.setUp() itself, which does nothing, comes first (probe round 7, W10)
        defs = [m for m in methods(base) if m.name.value == "setUp"]
        if len(defs) > 1 or _binds_otherwise(base, "setUp"):
            return None, "%s binds setUp more than once" % base.name.value
        setups += defs
    if not setups:
        if any(m.name.value == "setUp" for base in mro if base is not _TEST_CASE for m in methods(base)):
            return None, "unittest.TestCase comes before the setUp() of this file in %s's method resolution " \
                         "order, so its own setUp(), which does nothing, runs" % cls.name.value
        return None, "%s has no setUp() in this file" % cls.name.value
    why = _leaves_current(check, setups[0], value.attr.value, last=len(setups) == 1)
    if why:
        return None, why
    return ("it is the current loop: setUp() made self.%s the loop get_event_loop() returns, and nothing between "
            "can change it" % value.attr.value), None


def _binds_otherwise(cls: cst.ClassDef, name: str) -> bool:
    """A class-body statement other than a def that may bind `name` (`setUp = Base.setUp`, an import)."""
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    for statement in body:
        if isinstance(statement, cst.FunctionDef):
            continue
        if isinstance(statement, cst.ClassDef):
            if statement.name.value == name:
                return True
            continue
        text = cst.Module(body=[statement]).code if isinstance(statement, cst.BaseStatement) else ""
        if name in text:
            return True
    return False


def _mro(analysis, cls) -> Optional[list]:
    """cls and the module-level classes of this file it inherits from, in method resolution order (C3, as
    Python computes it), ending with unittest.TestCase; None when some base is anything else."""
    def linear(node, seen):
        if id(node) in seen:
            return None
        bases = []
        for arg in node.bases:
            if arg.star:
                return None
            if analysis.resolve(arg.value, (analysis.module,)) in TEST_CASES:
                bases.append(_TEST_CASE)
            elif isinstance(arg.value, cst.Name) and arg.value.value == "object" \
                    and not analysis.bindings.get("object"):
                continue
            else:
                base = _module_class(analysis, arg.value)
                if base is None:
                    return None
                bases.append(base)
        tails = []
        for base in bases:
            tail = [_TEST_CASE] if base is _TEST_CASE else linear(base, seen | {id(node)})
            if tail is None:
                return None
            tails.append(tail)
        merged = _merge(tails + [bases])
        return None if merged is None else [node] + merged

    found = linear(cls, frozenset())
    return found if found is not None and _TEST_CASE in found else None


def _merge(sequences: List[list]) -> Optional[list]:
    sequences = [list(s) for s in sequences if s]
    out = []
    while sequences:
        for sequence in sequences:
            head = sequence[0]
            if not any(head in s[1:] for s in sequences):
                break
        else:
            return None  # no consistent order: Python raises TypeError at the class statement
        out.append(head)
        sequences = [s[1:] if s[0] is head else s for s in sequences]
        sequences = [s for s in sequences if s]
    return out


def _module_class(analysis, expr) -> Optional[cst.ClassDef]:
    """The module-level class statement a base names, when the name has that one binding."""
    if not isinstance(expr, cst.Name) or len(analysis.bindings.get(expr.value, ())) != 1:
        return None
    found = [s for s in analysis.module.body if isinstance(s, cst.ClassDef) and s.name.value == expr.value]
    return found[0] if len(found) == 1 else None


def _leaves_current(check, setup: cst.FunctionDef, attr: str, last: bool) -> Optional[str]:
    """Why setUp() may not end with self.<attr> as the current loop (None: it does). `last`: no other setUp()
    of this file follows in the method resolution order (`super().setUp()` reaches TestCase's, which does
    nothing)."""
    me = self_param(setup)
    if me is None or setup.asynchronous is not None or setup.decorators:
        return "setUp() is not a plain method"
    # A `return` may leave before the anchor: self.X would then be unset, and reading it raised where the call
    # without it runs.
    if in_own_body(check.env.tree, setup, cst.Return):
        return "setUp() may return before it takes the loop"
    after = type(check)(check.env, (setup, check.analysis.module), me)  # rule 8's checks, in setUp's scope
    body = setup.body.body if isinstance(setup.body, cst.IndentedBlock) else ()
    steps = [small for statement in body for small in (
        statement.body if isinstance(statement, cst.SimpleStatementLine) else (statement,))]
    anchors = [i for i, small in enumerate(steps) if _anchor(after, small, me, attr)]
    if not anchors:
        return "setUp() does not make self.%s the current loop" % attr
    for small in steps[anchors[-1] + 1:]:
        if not isinstance(small, cst.BaseSmallStatement):
            return "setUp() runs a compound statement after it makes self.%s the current loop" % attr
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) \
                and after.resolve(small.value.func) == SET_EVENT_LOOP:
            return "setUp() sets the current loop again after self.%s" % attr
        why = _after_anchor(after, small, me, attr, last)
        if why:
            return "in setUp(): " + why
    return None


def _anchor(check, small, me: str, attr: str) -> bool:
    """`self.X = asyncio.get_event_loop()` or `asyncio.set_event_loop(self.X)`."""
    if isinstance(small, cst.Assign) and len(small.targets) == 1 and _is_self(small.targets[0].target, me, attr):
        call = small.value
        return isinstance(call, cst.Call) and not call.args and check.resolve(call.func) == GET_EVENT_LOOP
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        return (check.resolve(call.func) == SET_EVENT_LOOP and len(call.args) == 1 and not call.args[0].keyword
                and not call.args[0].star and _is_self(call.args[0].value, me, attr))
    return False


def _after_anchor(check, small, me: str, attr: str, last: bool) -> Optional[str]:
    """A statement of setUp() after the anchor: rule 8's statements between, `self.addCleanup(...)` of inert
    arguments (registering runs nothing; class_problem saw no override), `super().setUp()` that reaches
    TestCase's, and stores of other attributes that no property or __setattr__ of this file serves."""
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == me \
                and func.attr.value == "addCleanup":
            return check._starred(call.args) or check._all(arg.value for arg in call.args)
        if last and not call.args and isinstance(func, cst.Attribute) and func.attr.value == "setUp" \
                and isinstance(func.value, cst.Call) and not func.value.args \
                and isinstance(func.value.func, cst.Name) and func.value.func.value == "super":
            return None
    if isinstance(small, cst.Assign) and all(isinstance(t.target, cst.Attribute) for t in small.targets):
        for target in small.targets:
            store = target.target
            if not (isinstance(store.value, cst.Name) and store.value.value == me) or store.attr.value == attr:
                return "%s is stored after the loop is taken" % check.env.module.code_for_node(store)
            hooks = check.env.attribute_hooks
            if "*" in hooks or store.attr.value in hooks or "__setattr__" in check.env.ctx.source:
                return "storing .%s may run a property or __setattr__ of this file" % store.attr.value
        return check.inert(small.value)
    return check.statement(small)


def _named_elsewhere(tree, method: cst.FunctionDef) -> bool:
    """A test method that other code calls (`self.test_a()` in another test) runs after whatever that code
    did, not right after setUp(); unittest finds it by its name in a string, which is no mention here."""
    name = method.name.value
    for node in tree.nodes:
        if type(node) is cst.Name and node.value == name:
            up = tree.parent.get(id(node))
            if not (isinstance(up, cst.FunctionDef) and up.name is node):  # a def of that name: not a use
                return True
    return False


# Attribute lookups by a computed name: `getattr(self, name)()` may call any test method.
_COMPUTED_LOOKUP = re.compile(r"\bgetattr\s*\(\s*[^,()]+,\s*(?![\"'\s])|\b(?:methodcaller|attrgetter|__getattribute__)\b"
                              r"|\b(?:vars|dir)\s*\(|__dict__")


def _named_in_text(source: str, name: str) -> bool:
    """The method's name in a string (`getattr(self, "test_a")()`, a list of names to call), or any attribute
    lookup by a computed name in the file: another test may call it, after code of its own."""
    return ("'%s'" % name) in source or ('"%s"' % name) in source or _COMPUTED_LOOKUP.search(source) is not None


def _is_self(node, me: str, attr: str) -> bool:
    return dotted_parts(node) == [me, attr]