"""P15 rule 8, the test form (docs/SEMANTICS.md): `loop=self.X` in a unittest test method whose setUp() made
self.X the current loop.

unittest runs setUp() and then the test method, nothing between (TestCase.run: _callSetUp, _callTestMethod).
When the setUp() that runs is known (the class is run by unittest alone and never extended: test_loops'
class_problem; setUp() is its own or a base's, found in the method resolution order: a base of this file, or
of another project module whose text the driver sent, project_bases.py) and ends with
`self.X = asyncio.get_event_loop()` or `asyncio.set_event_loop(self.X)`, with nothing after that can set a loop
or store X, the test method starts with self.X as the loop get_event_loop() returns: rule 8's anchor, one
method earlier. current_loop_arg checks the test method's statements before the call as it checks those after
the anchor."""
import re
from typing import Optional, Tuple

import libcst as cst

from .asyncio_api import GET_EVENT_LOOP, SET_EVENT_LOOP
from .syntax import dotted_parts, in_own_body
from .project_bases import TEST_CASE as _TEST_CASE, Bases, class_order, merge as _merge  # noqa: F401 (_merge: tests)
from .test_loops import RUNS_TESTS, callee, class_problem, methods, self_param

# Decorators of a test method that only mark it: they run nothing around it.
_MARKS = frozenset("unittest%s.%s" % (module, name) for module in ("", ".case")
                   for name in ("skip", "skipIf", "skipUnless", "expectedFailure"))
# TestCase.run's steps around setUp() and the method (3.8+): overridden, they may run code between.
_STEPS = frozenset({"_callSetUp", "_callTestMethod"})
# Hooks that may wrap or replace the test methods of a subclass or an instance (probe round 7, W03:
# __init_subclass__; W15: __init__).
_CLASS_HOOKS = frozenset({"__init_subclass__", "__init__", "__new__", "__getattribute__", "__getattr__"})


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
    bases = Bases(env.ctx, analysis, env.tree)
    mro = class_order(bases, cls)
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
    why = _foreign_problem(env.ctx, bases)
    if why:
        return None, why
    for base in mro:
        if base is _TEST_CASE:
            continue
        # Marks only: a class-level mock.patch (unittest.mock too) wraps each test method.
        home = bases.place(base).analysis
        if base.keywords or any(m.name.value in RUNS_TESTS | _STEPS | _CLASS_HOOKS for m in methods(base)) \
                or _body_binds(base) & (RUNS_TESTS | _STEPS | _CLASS_HOOKS | {"*"}) or any(
                home.resolve(callee(d.decorator), (home.module,)) not in _MARKS for d in base.decorators):
            return None, "%s may change how the tests run (a metaclass, a decorator or an override)" % base.name.value
    setups = []
    for base in mro:
        if base is _TEST_CASE:
            break  # TestCase.setUp() itself, which does nothing, comes first (probe round 7, W10)
        defs = [m for m in methods(base) if m.name.value == "setUp"]
        if len(defs) > 1 or _binds_otherwise(base, "setUp"):
            return None, "%s binds setUp more than once" % base.name.value
        setups += [(base, d) for d in defs]
    if not setups:
        if any(m.name.value == "setUp" for base in mro if base is not _TEST_CASE for m in methods(base)):
            return None, "unittest.TestCase comes before the setUp() of this file in %s's method resolution " \
                         "order, so its own setUp(), which does nothing, runs" % cls.name.value
        return None, "%s has no setUp() in this file" % cls.name.value
    owner, setup = setups[0]
    for later, other in setups[1:]:  # run by super().setUp() before the first one's anchor, if at all
        home = bases.place(later).foreign
        me = self_param(other)
        if home is not None:
            steps = other.body.body if isinstance(other.body, cst.IndentedBlock) else ()
            why = _foreign_calls(type(check)(home, (other, home.analysis.module), me), home.tree, steps, me)
            if why:
                return None, "%s (%s of module %s)" % (why.replace(" before it takes the loop", ""),
                                                       later.name.value, home.name)
    why = _leaves_current(check, setup, value.attr.value, len(setups) == 1, bases.place(owner).foreign)
    if why:
        return None, why if bases.place(owner).foreign is None else "%s (%s of module %s)" % (
            why, owner.name.value, bases.place(owner).foreign.name)
    return ("it is the current loop: setUp() made self.%s the loop get_event_loop() returns, and nothing between "
            "can change it" % value.attr.value), None


def _foreign_problem(ctx, bases) -> Optional[str]:
    """Why bases from other project modules leave the test's start unknown (None: there are none, or they are
    trusted): a module the file imports sets or reads the current loop at import time (importedEffects), or a
    base's module has code beyond its classes that the test may run (ForeignModule.why_untrusted)."""
    foreign = bases.foreign()
    if not foreign:
        return None
    effects = (ctx.project or {}).get("importedEffects")
    at_import = effects.get("loopAtImport") if isinstance(effects, dict) else None
    if at_import:
        ctx.effects_declined = True
        return ("project module %s, imported here, reads or sets the current event loop at import time, and the "
                "test's setUp() comes from another module" % at_import)
    for module in foreign:
        why = module.why_untrusted()
        if why:
            return why
    return None


def _body_binds(cls: cst.ClassDef) -> set:
    """The names a class body binds other than by a def (`run = Other.run`, an import, a nested class); "*" for
    a statement whose bindings are not read here (a compound statement, del, global...)."""
    found = set()
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    for statement in body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            if isinstance(statement, cst.ClassDef):
                found.add(statement.name.value)
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            found.add("*")
            continue
        for small in statement.body:
            if isinstance(small, (cst.Expr, cst.Pass)):
                continue
            if isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
                targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
                found.update(t.value if isinstance(t, cst.Name) else "*" for t in targets)
            elif isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
                found.update((a.asname.name.value if isinstance(a.asname.name, cst.Name) else "*") if a.asname
                             else dotted_parts(a.name)[0] for a in small.names)
            else:
                found.add("*")
    return found


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
        if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(small, cst.Expr) and isinstance(small.value, (cst.SimpleString, cst.ConcatenatedString))
                for small in statement.body):
            continue  # a docstring binds nothing
        text = cst.Module(body=[statement]).code if isinstance(statement, cst.BaseStatement) else ""
        if name in text:
            return True
    return False


def _leaves_current(check, setup: cst.FunctionDef, attr: str, last: bool, foreign=None) -> Optional[str]:
    """Why setUp() may not end with self.<attr> as the current loop (None: it does). `last`: no other setUp()
    follows in the method resolution order (`super().setUp()` reaches TestCase's, which does nothing).
    `foreign`: the project_bases.ForeignModule defining it, when not this file."""
    me = self_param(setup)
    if me is None or setup.asynchronous is not None or setup.decorators:
        return "setUp() is not a plain method"
    env = foreign if foreign is not None else check.env
    # A `return` may leave before the anchor: self.X would then be unset, and reading it raised where the call
    # without it runs.
    if in_own_body(env.tree, setup, cst.Return):
        return "setUp() may return before it takes the loop"
    after = type(check)(env, (setup, env.analysis.module), me)  # rule 8's checks, in setUp's scope
    body = setup.body.body if isinstance(setup.body, cst.IndentedBlock) else ()
    steps = [small for statement in body for small in (
        statement.body if isinstance(statement, cst.SimpleStatementLine) else (statement,))]
    anchors = [i for i, small in enumerate(steps) if _anchor(after, small, me, attr)]
    if not anchors:
        return "setUp() does not make self.%s the current loop" % attr
    if foreign is not None:
        why = _foreign_calls(after, env.tree, steps[:anchors[-1]], me)
        if why:
            return why
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


def _foreign_calls(check, tree, steps, me: str) -> Optional[str]:
    """Of another module only its classes are trusted: before the anchor, its setUp() may call asyncio's
    functions, `super().setUp()` (a class of the order) and `self.addCleanup(...)` only (their arguments
    likewise), not a helper of that module or anything else."""
    for step in steps:
        for node in tree.descendants(step):
            if not isinstance(node, cst.Call):
                continue
            func = node.func
            meaning = check.resolve(func)
            if isinstance(meaning, str) and meaning.startswith("asyncio."):
                continue
            if isinstance(func, cst.Name) and func.value == "super" and all(
                    isinstance(arg.value, cst.Name) and not arg.star and arg.keyword is None for arg in node.args):
                continue  # super(), super(Base, self)
            if isinstance(func, cst.Attribute) and not node.args and func.attr.value == "setUp" \
                    and isinstance(func.value, cst.Call) and isinstance(func.value.func, cst.Name) \
                    and func.value.func.value == "super":
                continue
            if isinstance(func, cst.Attribute) and func.attr.value == "addCleanup" \
                    and isinstance(func.value, cst.Name) and func.value.value == me:
                continue
            return "setUp() calls %s() before it takes the loop: of another module only its classes are " \
                   "checked" % check.env.module.code_for_node(func)
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