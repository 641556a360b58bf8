"""unittest tests that take the implicit loop (docs/SEMANTICS.md P13a), for the unittest_loop transform.

`owned_sites` says which sync get_event_loop() calls are unittest_loop's to rewrite or report (its
setUp, setUpClass and test methods of a unittest.TestCase subclass); loop_diagnostics skips exactly
those, so one site is never both rewritten and reported, nor reported twice. The rest decides
whether a loop per test keeps the tests' behaviour: whether the class is set up by unittest alone,
where the test takes the loop and what it does with it (what the tests share is test_state.py).
Everything here only reads the tree (parents and spans: ctx.tree).
"""
from typing import List, Optional, Tuple

import libcst as cst

from .asyncio_api import BACKGROUND_WORK, CLOSE_UNDOES_METHODS, GET_EVENT_LOOP, NEW_EVENT_LOOP, SET_EVENT_LOOP
from .loop_variable import only_statement
from .syntax import LOOKING_BUILTINS, dotted_parts, is_none, positional_params, terminal_name

# When unittest_loop runs on a file (ctx.running) it owns these sites and loop_diagnostics leaves them;
# without it (-t loop_diagnostics) they stay LS805.
TEST_CASES = frozenset({"unittest.TestCase", "unittest.case.TestCase"})
# Loop methods whose effect outlives the test on a shared loop (registrations and settings); assigning
# an attribute of the loop (slow_callback_duration) counts too.
LOOP_SETTINGS = frozenset({"set_debug", "set_exception_handler", "set_task_factory", "add_reader", "add_writer"})
# TestCase methods that run a test and its cleanups: overridden, they may not run ours.
# unittest's steps of running a test (TestCase.run calls the _call* ones: an override may take or read the loop
# around setUp(), probe round 16b, p33), and what makes the test object (__init__ runs when the tests are loaded,
# before any setUp(): an asyncio object made there is bound to the loop current then, 16b p29).
RUNS_TESTS = frozenset({"addCleanup", "doCleanups", "run", "__call__", "debug", "_callSetUp", "_callTestMethod",
                        "_callTearDown", "_callCleanup", "__init__", "__new__", "__init_subclass__"})
LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString)


class Owned:
    """A get_event_loop() call unittest_loop decides: its site, the method and the class holding it."""
    __slots__ = ("site", "method", "cls")

    def __init__(self, site, method, cls):
        self.site, self.method, self.cls = site, method, cls

    @property
    def in_setup(self) -> bool:
        return self.method.name.value == "setUp"


def is_test_method(name: str) -> bool:
    return name.startswith("test") or name in ("setUp", "setUpClass")


def owned_sites(analysis, tree, ctx=None) -> List[Owned]:
    """Sync `asyncio.get_event_loop()` calls directly in setUp, setUpClass or a test method of a class
    with a unittest.TestCase base, or (given `ctx`, whose facts hold the texts: project_bases.foreign_order)
    with one base of another project module that leads there, not after a set_event_loop(x) of the same method
    (there the result is known, and loop_diagnostics says nothing either). `analysis` records get_event_loop
    and set_event_loop sites. Every caller passes the file's context: they must agree on what is owned."""
    found = []
    foreign = {}  # id(class) -> whether its one base is such a class
    for index, site in enumerate(analysis.sites):
        frame = site.frame
        if (site.call is None or site.call.args or frame.kind != "def" or frame.node is not site.extent
                or site.in_main_guard or frame.parent is None or frame.parent.kind != "class"
                or not is_test_method(frame.node.name.value)
                or analysis.resolve(site.expr, frame.scopes()) != GET_EVENT_LOOP):
            continue
        cls = frame.parent.node
        outer = frame.parent.parent.scopes() if frame.parent.parent is not None else ()
        if not any(analysis.resolve(base.value, outer) in TEST_CASES for base in cls.bases):
            # unittest_loop runs only on a text that says "unittest", or whose base modules' text does (its
            # REQUIRES, registry.triggered_by): without it, loop_diagnostics must keep the site.
            from .project_bases import base_modules_text, foreign_order  # it builds on this module
            if ctx is None or frame.parent.parent is None or frame.parent.parent.kind != "module" \
                    or ("unittest" not in ctx.code(analysis.module) and "unittest" not in base_modules_text(ctx.project)):
                continue
            if id(cls) not in foreign:
                foreign[id(cls)] = foreign_order(ctx, analysis, tree, cls) is not None
            if not foreign[id(cls)]:
                continue
        if any(i < index and s.call is not None and s.frame.node is frame.node and s.call.args
               and not is_none(s.call.args[0].value)
               and analysis.resolve(s.expr, s.frame.scopes()) == SET_EVENT_LOOP
               for i, s in enumerate(analysis.sites)):
            continue
        found.append(Owned(site, frame.node, cls))
    return found


def import_time(frame) -> bool:
    """Code of the module or of a class body outside any def: it runs when the module is imported."""
    while frame is not None and frame.kind in ("class", "genexp"):
        frame = frame.parent
    return frame is not None and frame.kind == "module"


def where(node) -> str:
    """How a message names the def, lambda or class body holding a site (its extent)."""
    if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
        return node.name.value + ("()" if isinstance(node, cst.FunctionDef) else "'s body")
    return "a lambda" if isinstance(node, cst.Lambda) else "module code"


def methods(cls: cst.ClassDef) -> List[cst.FunctionDef]:
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    return [s for s in body if isinstance(s, cst.FunctionDef)]


def self_param(method: cst.FunctionDef) -> Optional[str]:
    params = positional_params(method.params)
    return params[0].name.value if params else None


# -- the class: seen whole, and alone (LS902) --------------------------------------------------------
def class_problem(analysis, tree, cls: cst.ClassDef, project: Optional[dict],
                  bases_checked: bool = False, subclasses=()) -> Optional[str]:
    """Why code outside the class may set it up or extend it, or None. `bases_checked`: the caller has
    checked the bases itself (setup_current_loop's same-file mixins). `subclasses`: classes of the file
    naming it as their one base, which the caller checks itself (same_file_subclasses)."""
    if tree.parent.get(id(cls)) is not analysis.module:
        return "%s is defined inside other code" % cls.name.value
    if (len(cls.bases) != 1 and not bases_checked) or cls.keywords:
        return "%s has other bases or a metaclass, which may define setUp, tearDown or shared state" % cls.name.value
    overrides = sorted(m.name.value for m in methods(cls) if m.name.value in RUNS_TESTS)
    if overrides:
        return "%s overrides %s(), which makes or runs the tests and their cleanups" % (cls.name.value, overrides[0])
    for decorator in cls.decorators:
        if not _skips(analysis, decorator):
            return "a decorator may change %s" % cls.name.value
    name = cls.name.value
    as_bases = {id(sub.bases[0].value) for sub in subclasses}
    if len(analysis.bindings.get(name, ())) != 1 or any(not _loaded_by_unittest(analysis, tree, node)
                                                         for node in tree.nodes if type(node) is cst.Name
                                                         and node.value == name and is_load(tree, node)
                                                         and id(node) not in as_bases):
        return "%s is named elsewhere in this file (a subclass, or a use of its attributes)" % name
    if project is None:
        return "no project facts: another module may import it and subclass %s" % name
    if project.get("testsPatched"):
        return "project module %s may replace a step of how unittest runs a test (an attribute such as run or " \
               "setUp stored on a class)" % project["testsPatched"]
    if analysis.module_functions.get("load_tests"):
        return "the module's load_tests() runs before its tests and may set or take a loop (probe round 8b, W08)"
    if project.get("testsRunWithLoop"):
        return "project module %s sets a loop (or a policy) and runs tests: get_event_loop() in them returns that " \
               "loop" % project["testsRunWithLoop"]
    if project.get("isImported") or project.get("namedInStrings"):
        return "another module of the project imports this file, and may subclass %s" % name
    return None


def same_file_subclasses(analysis, tree, cls: cst.ClassDef) -> List[cst.ClassDef]:
    """The module-level classes of the file whose one base is `cls`, by its name (`class TestA(Base):`), with no
    metaclass or other keyword: they run the tests they define with `cls`'s setUp() (docs/SEMANTICS.md P13a,
    "Subclasses in the same file")."""
    name = cls.name.value
    return [node for node in analysis.module.body if isinstance(node, cst.ClassDef) and node is not cls
            and len(node.bases) == 1 and not node.keywords and isinstance(node.bases[0].value, cst.Name)
            and node.bases[0].value.value == name]


# What a subclass may not define, so that its tests run exactly the base's set-up: its own setUp() (which may
# skip the base's or do more before the loop is taken), class-wide set-up, or a constructor.
_OWN_STEPS = frozenset({"setUp", "setUpClass", "tearDownClass", "__init__", "__new__", "__init_subclass__",
                        "asyncSetUp", "asyncTearDown", "__call__", "__getattr__", "__getattribute__", "__setattr__"})


def subclass_problem(analysis, tree, sub: cst.ClassDef, project: Optional[dict]) -> Optional[str]:
    """Why a same-file subclass's tests may not run on the loop per test its base's setUp() takes, or None: it must
    be a class as alone as its base (class_problem: not subclassed or named further, no decorator, no override of
    run()), and define none of _OWN_STEPS."""
    why = class_problem(analysis, tree, sub, project)
    if why is not None:
        return "subclass %s: %s" % (sub.name.value, why)
    own = sorted(step for step in _OWN_STEPS if analysis.bindings_in(step, sub))  # a def, or `setUp = f`
    if own:
        return "subclass %s defines %s(): its tests may not run the base's set-up as it is" % (sub.name.value, own[0])
    # Its tests' own get_event_loop() calls are no sites of the base's class: a local holding the loop is unchecked
    # (probe round 16b, p20, p21: a callback scheduled on it, a close()).
    for site in analysis.sites:
        if site.call is not None and tree.inside(site.expr, sub) \
                and analysis.resolve(site.expr, site.frame.scopes()) == GET_EVENT_LOOP:
            return "a method of subclass %s calls get_event_loop() itself" % sub.name.value
    return None


# unittest's own test decorators: they decide whether a test runs, not what it keeps.
_SKIPS = frozenset({"unittest.skip", "unittest.skipIf", "unittest.skipUnless", "unittest.expectedFailure",
                    "unittest.case.skip", "unittest.case.skipIf", "unittest.case.skipUnless",
                    "unittest.case.expectedFailure"})


def _skips(analysis, decorator) -> bool:
    return analysis.resolve(callee(decorator.decorator), (analysis.module,)) in _SKIPS


def kept_by_methods(analysis, cls: cst.ClassDef) -> Optional[str]:
    """Why a method of the test class may keep state across tests, or None: a classmethod, staticmethod or cache
    keeps it on the class (`cls._ready = asyncio.Event()`), a default argument across calls (probe round 13,
    D p01-p03)."""
    for method in methods(cls):
        if any(not _skips(analysis, decorator) and not _patches(analysis, decorator) for decorator in method.decorators):
            return "%s.%s() is decorated: it may keep state on the class across tests" % (cls.name.value,
                                                                                          method.name.value)
        params = method.params
        if any(param.default is not None and not constant(param.default)
               for param in (*params.posonly_params, *params.params, *params.kwonly_params)):
            return "%s.%s() has a default that is no constant, kept across tests" % (cls.name.value, method.name.value)
    return None


def _patches(analysis, decorator) -> bool:
    """`@mock.patch(...)` and kin on a test: undone when the test returns (the loop functions' patches are
    declined file-wide, unittest_loop._PATCHES_LOOP)."""
    what = analysis.resolve(callee(decorator.decorator), (analysis.module,))
    return isinstance(what, str) and what.startswith(("unittest.mock.patch", "mock.patch"))


def constant(expr, also=None) -> bool:
    """An immutable constant: a literal, None, True, False, a negated one or a tuple of them; `also` accepts
    more leaves (test_state: values made by known makers)."""
    if isinstance(expr, LITERALS) or (isinstance(expr, cst.Name) and expr.value in ("None", "True", "False")):
        return True
    if also is not None and also(expr):
        return True
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        return constant(expr.expression, also)
    return isinstance(expr, cst.Tuple) and all(constant(e.value, also) for e in expr.elements)


def _loaded_by_unittest(analysis, tree, name: cst.Name) -> bool:
    """The class handed to unittest itself (loadTestsFromTestCase(C), makeSuite(C)): run, not extended."""
    arg = tree.parent.get(id(name))
    call = tree.parent.get(id(arg)) if isinstance(arg, cst.Arg) and arg.keyword is None else None
    if not isinstance(call, cst.Call):
        return False
    what = analysis.resolve(call.func, (analysis.module,))
    return isinstance(what, str) and what.startswith("unittest.")


def callee(expr):
    return expr.func if isinstance(expr, cst.Call) else expr


def is_load(tree, name: cst.Name) -> bool:
    """Not an attribute's name, a keyword, a parameter, a def's or class's own name, or an import."""
    up = tree.parent.get(id(name))
    if isinstance(up, cst.Attribute) and up.attr is name:
        return False
    if isinstance(up, cst.Arg) and up.keyword is name:
        return False
    if isinstance(up, (cst.Param, cst.FunctionDef, cst.ClassDef, cst.ImportAlias, cst.AsName)):
        return up.name is not name  # a parameter's default, say, is read
    return True


# -- the loop the test takes (LS903) ------------------------------------------------------------------
class Take:
    """Where a test takes the loop: `line`, the statement; `target`, the Name or self.<name> it is assigned
    to, or None for `get_event_loop().run_until_complete(...)` as a whole statement of a test method
    (`[x =] ...`), which gets a variable of its own."""
    __slots__ = ("line", "target")

    def __init__(self, line, target):
        self.line, self.target = line, target


def take_statement(tree, owned: Owned) -> Tuple[Optional[Take], Optional[str]]:
    """(Take, None) when the loop is taken by the method's first statement (after a docstring or
    super().<method>()), else (None, why)."""
    call = owned.site.call
    assign = tree.parent.get(id(call))
    target = None
    if isinstance(assign, cst.Assign) and assign.value is call and len(assign.targets) == 1:
        target = assign.targets[0].target
        me = self_param(owned.method)
        if not (isinstance(target, cst.Name) or (owned.in_setup and isinstance(target, cst.Attribute)
                                                  and isinstance(target.value, cst.Name) and target.value.value == me)):
            return None, "the loop is assigned to something other than a local variable (or self.<name> in setUp())"
    else:
        assign = _chained_run(tree, call) if not owned.in_setup else None
        if assign is None:
            return None, "the loop is neither assigned to a name nor run as a whole statement"
    line = tree.parent.get(id(assign))
    if only_statement(line) is not assign:
        return None, "the loop is not taken on a line of its own"
    body = owned.method.body
    if tree.parent.get(id(line)) is not body:
        return None, "it is taken inside a nested block"
    for statement in body.body[:body.body.index(line)]:
        if not (_docstring(statement) or _super_call(statement, owned.method.name.value)):
            return None, "code before it may already read the current loop"
    return Take(line, target), None


def _chained_run(tree, call) -> Optional[cst.BaseSmallStatement]:
    """The statement `get_event_loop().run_until_complete(...)` or `name = get_event_loop().run_until_complete(...)`:
    nothing in it runs before the loop is taken (a plain name is assigned after the run)."""
    method = tree.parent.get(id(call))
    run = tree.parent.get(id(method))
    if not (isinstance(method, cst.Attribute) and method.value is call and method.attr.value == "run_until_complete"
            and isinstance(run, cst.Call) and run.func is method):
        return None
    statement = tree.parent.get(id(run))
    if isinstance(statement, cst.Expr) and statement.value is run:
        return statement
    if (isinstance(statement, cst.Assign) and statement.value is run and len(statement.targets) == 1
            and isinstance(statement.targets[0].target, cst.Name)):
        return statement
    return None


def _docstring(statement) -> bool:
    small = only_statement(statement)
    return isinstance(small, cst.Expr) and isinstance(small.value, LITERALS)


def _super_call(statement, name: str) -> bool:
    small = only_statement(statement)
    call = small.value if isinstance(small, cst.Expr) else None
    if not (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute)):
        return False
    inner = call.func.value
    return (call.func.attr.value == name and isinstance(inner, cst.Call) and not inner.args
            and isinstance(inner.func, cst.Name) and inner.func.value == "super")


class LoopUses:
    """What the tests do with the loop they take: `closes` (close() calls, on it or on get_event_loop()),
    `settings` (the methods that change its settings, by name), `escape` ((node, why) when the loop may
    outlive the test or the class manages loops itself, else None)."""

    def __init__(self):
        self.closes: List[cst.Call] = []
        self.settings: List[str] = []
        self.escape: Optional[Tuple[cst.CSTNode, str]] = None


def loop_uses(analysis, tree, cls, method, target, runners=frozenset()) -> LoopUses:
    """Every use of the loop `target` (the Name or self.<attribute> assigned) in the test method, or in
    the whole class for an attribute of setUp(), and of the loop a chained `get_event_loop().m()` there
    reads. Only uses that end with the test pass (probe round 12): a method called on it that schedules
    nothing, the run's own argument, a comparison, asyncio's functions and assertions that only look at
    it. Anything else (handing it to other code, even a constructor or a helper of the test instance;
    scheduling work on it; a bound method taken as a value; a use in a nested function) may keep it, or
    work on it, past the test. `runners`: names of methods (of the class or of its bases in other modules) that
    run the loop, besides the class's own here."""
    found, scope = LoopUses(), cls if isinstance(target, cst.Attribute) else method
    runners = frozenset(runners) | loop_runners(tree, cls)
    own = {id(m) for m in methods(cls)} if scope is cls else {id(method)}
    for node in tree.descendants(scope):
        if isinstance(node, cst.Call) and _loop_manager(analysis, node, scope):
            found.escape = (node, "the class sets or makes loops itself")
            return found
        chained = isinstance(node, cst.Call) and analysis.resolve(node.func, (scope, analysis.module)) == GET_EVENT_LOOP \
            and isinstance(tree.parent.get(id(node)), (cst.Attribute, cst.Arg))
        if not chained and (node is target or not _same(node, target)):
            continue
        up = tree.parent.get(id(node))
        if id(tree.function_of(node)) not in own and not _looked_at_in_place(analysis, tree, node, scope):
            found.escape = (node, "the loop is used in a nested function, which may run after the test ends")
            return found
        if isinstance(up, cst.Attribute) and up.value is node:
            call = tree.parent.get(id(up))
            called = isinstance(call, cst.Call) and call.func is up
            attr = up.attr.value
            if isinstance(call, (cst.AssignTarget, cst.AugAssign)):
                found.settings.append(_method_of(tree, cls, up))
            elif not called:
                found.escape = (up, "the loop's %s is taken as a value: it may be used after the test ends" % attr)
                return found
            elif attr in CLOSE_UNDOES_METHODS:
                found.escape = (up, "close() would undo %s(), which the shared loop kept" % attr)
                return found
            elif attr == "close":
                found.closes.append(call)
            elif attr in LOOP_SETTINGS:
                found.settings.append(_method_of(tree, cls, up))
            elif attr not in _ENDS_WITH_THE_TEST and not (attr in _RUN_ARGUMENT_METHODS and (
                    _run_argument(tree, call) or _local_run_only(tree, tree.function_of(call), call))) \
                    and not (attr in _SOON and _run_follows(tree, call, runners)):
                found.escape = (up, "%s() on the loop may leave work on it after the test ends" % attr)
                return found
            continue
        if isinstance(up, cst.Arg) and up.value is node:
            why = _handed_to(analysis, tree, tree.parent.get(id(up)), scope)
            if why is not None:
                found.escape = (node, why)
                return found
            continue
        if chained:
            continue
        if isinstance(up, (cst.Comparison, cst.ComparisonTarget)):
            continue
        if isinstance(up, (cst.Assign, cst.AssignTarget)) and _none_store(tree, up):
            continue
        if isinstance(up, cst.Del):
            continue
        found.escape = (node, "the loop escapes the test (stored, returned or rebound)")
        return found
    return found


# Loop methods whose work ends before they return (or that only read it): nothing they do outlives the test.
_ENDS_WITH_THE_TEST = frozenset({"run_until_complete", "time", "is_closed", "is_running", "get_debug",
                                 "get_exception_handler", "get_task_factory", "call_exception_handler",
                                 "default_exception_handler", "create_future"})
# Loop methods whose work a run of the loop finishes when the run's own argument is theirs.
_RUN_ARGUMENT_METHODS = frozenset({"create_task", "run_in_executor", "create_connection", "create_server", "create_unix_connection",
                                   "create_unix_server", "create_datagram_endpoint", "subprocess_exec", "subprocess_shell"})
# Callbacks scheduled for the loop's next step: a run later in the same test takes that step.
_SOON = frozenset({"call_soon", "call_soon_threadsafe"})
# asyncio's functions that only look at the loop, or whose work ends inside a run of it when they are the run's
# own argument (`run_until_complete(asyncio.gather(a(), b(), loop=loop))`).
_LOOKS_AT_LOOP = frozenset({"all_tasks", "iscoroutine", "isfuture"})
_RUN_ARGUMENT = frozenset({"gather", "wait_for", "wait", "sleep", "shield", "ensure_future", "Queue", "Lock", "Event",
                           "Condition", "Semaphore", "BoundedSemaphore", "Future", "open_connection",
                           "open_unix_connection", "create_subprocess_exec", "create_subprocess_shell"})


def _handed_to(analysis, tree, call, scope) -> Optional[str]:
    """Why the loop handed to `call` may outlive the test, or None."""
    if not isinstance(call, cst.Call):
        return "the loop is handed on"
    parts = dotted_parts(call.func) or []
    if len(parts) == 1 and parts[0] in LOOKING_BUILTINS:
        return None
    if len(parts) == 2 and parts[0] == "self" and parts[1].startswith("assert"):
        return None  # TestCase's assertions compare and print it
    what = analysis.resolve(call.func, (scope, analysis.module))
    if isinstance(what, str) and what.startswith("asyncio."):
        name = what.rsplit(".", 1)[1]
        if name in _LOOKS_AT_LOOP or (name in _RUN_ARGUMENT and _run_argument(tree, call)):
            return None
    return "the loop is handed to %s(), which may keep it past the test" % (".".join(parts) or "a call")


def _run_argument(tree, node) -> bool:
    """`node` is (inside) the argument of a run_until_complete() call: what it starts ends with that run."""
    up = tree.parent.get(id(node))
    while up is not None and not isinstance(up, (cst.BaseStatement, cst.BaseSmallStatement)):
        if isinstance(up, cst.Arg):
            call = tree.parent.get(id(up))
            if isinstance(call, cst.Call) and terminal_name(call.func) == "run_until_complete":
                return True
        up = tree.parent.get(id(up))
    return False


def loop_runners(tree, cls) -> frozenset:
    """Names of the methods of `cls` that call run_until_complete() (`def run_coro(self, c): return
    self.loop.run_until_complete(c)`)."""
    return frozenset(m.name.value for m in methods(cls) if any(
        isinstance(n, cst.Call) and terminal_name(n.func) == "run_until_complete" for n in tree.descendants(m)))


def _run_follows(tree, call, runners) -> bool:
    """A statement after the one holding `call`, in the same block, runs the loop: `run_until_complete()`, or a
    method of the test that does (`runners`)."""
    line = tree.parent.get(id(call))
    while line is not None and not isinstance(line, cst.SimpleStatementLine):
        line = tree.parent.get(id(line))
    block = tree.parent.get(id(line)) if line is not None else None
    if not isinstance(block, cst.IndentedBlock):
        return False
    later = list(block.body)[list(block.body).index(line) + 1:]
    return any(isinstance(n, cst.Call) and (terminal_name(n.func) == "run_until_complete" or (
        isinstance(n.func, cst.Attribute) and isinstance(n.func.value, cst.Name) and n.func.value.value == "self"
        and n.func.attr.value in runners)) for statement in later for n in tree.descendants(statement))


def sync_test_work(analysis, tree, tests) -> Optional[str]:
    """Work the sync methods of the test classes `tests` start with asyncio's functions on the current loop and may
    leave pending past the test (`asyncio.ensure_future(tick())` never run to its end: probe round 12, p10, p22):
    each call must be (inside) a run's argument, or give a local whose every other read is. What they do on the
    loop variable, loop_uses() checks."""
    for cls in tests:
        for method in methods(cls):
            if method.asynchronous is not None:
                continue
            for node in tree.descendants(method):
                if not isinstance(node, cst.Call) or terminal_name(node.func) not in BACKGROUND_WORK:
                    continue
                what = analysis.resolve(node.func, (method, analysis.module))
                if not (isinstance(what, str) and what.startswith("asyncio.")) or _run_argument(tree, node) \
                        or _local_run_only(tree, method, node):
                    continue
                return "%s() in %s.%s() may leave work pending when the test ends" % (
                    terminal_name(node.func), cls.name.value, method.name.value)
    return None


# What a test makes bound to its loop (a future, a task, a primitive before 3.10): handed to other code, it may be
# kept past the test (an app's module-level bus holding a test's future: probe round 12, p39).
_BOUND_MAKERS = frozenset({"create_future", "create_task", "ensure_future", "Future", "Queue", "LifoQueue", "PriorityQueue",
                           "Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "gather", "shield"})


def loop_bound_handed_on(analysis, tree, tests) -> Optional[str]:
    """A local of a sync test method holding what _BOUND_MAKERS make, handed to a call that may keep it: anything
    but asyncio's functions, the test's assertions, a run of the loop and the builtins that only look at it."""
    for cls in tests:
        for method in methods(cls):
            if method.asynchronous is not None:
                continue
            for node in tree.descendants(method):
                if not (isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
                        and isinstance(node.value, cst.Call) and terminal_name(node.value.func) in _BOUND_MAKERS):
                    continue
                name = node.targets[0].target
                for read in tree.descendants(method):
                    if not (isinstance(read, cst.Name) and read.value == name.value and read is not name):
                        continue
                    arg = tree.parent.get(id(read))
                    if isinstance(arg, cst.Arg) and arg.value is read:
                        call = tree.parent.get(id(arg))
                        parts = dotted_parts(call.func) if isinstance(call, cst.Call) else None
                        # The test's own methods (`self.run_coro(fut)`): what they keep, shared_state() checks.
                        if _handed_to(analysis, tree, call, method) is not None and not (parts and parts[0] == "self") \
                                and not (isinstance(call, cst.Call) and terminal_name(call.func) == "run_until_complete"):
                            return "%s() in %s.%s() hands %s to other code, which may keep it past the test" % (
                                terminal_name(node.value.func), cls.name.value, method.name.value, name.value)
    return None


def _local_run_only(tree, method, call) -> bool:
    """`both = asyncio.gather(a(), b())` (or `task = loop.create_task(c())`) whose reads are inside a run's argument,
    one at least, or only ask whether it is done (`task.done()`)."""
    up = tree.parent.get(id(call))
    if method is None or not (isinstance(up, cst.Assign) and len(up.targets) == 1
                              and isinstance(up.targets[0].target, cst.Name)):
        return False
    name = up.targets[0].target
    reads = [n for n in tree.descendants(method) if isinstance(n, cst.Name) and n.value == name.value and n is not name]
    ran = [n for n in reads if _run_argument(tree, n)]
    return bool(ran) and all(n in ran or _asks_state(tree, n) for n in reads)


def _asks_state(tree, node) -> bool:
    """`task.done()`, `task.result()`, `task.cancelled()`, `task.exception()`: reads of a finished task."""
    up = tree.parent.get(id(node))
    call = tree.parent.get(id(up)) if isinstance(up, cst.Attribute) and up.value is node else None
    return isinstance(call, cst.Call) and call.func is up and up.attr.value in ("done", "result", "cancelled", "exception")


def _looked_at_in_place(analysis, tree, node, scope) -> bool:
    """A lambda that is the whole argument of an assertion (`self.assertRaises(E, lambda: loop.run_until_complete(c))`),
    which calls it before it returns, or of the test's own addCleanup(), which runs it before the cleanups registered
    with the loop, earlier, close it."""
    fn = tree.function_of(node)
    if not isinstance(fn, cst.Lambda):
        return False
    arg = tree.parent.get(id(fn))
    call = tree.parent.get(id(arg)) if isinstance(arg, cst.Arg) else None
    parts = dotted_parts(call.func) if isinstance(call, cst.Call) else None
    return bool(parts) and len(parts) == 2 and parts[0] == "self" \
        and (parts[1].startswith("assert") or parts[1] == "addCleanup") and id(tree.function_of(call)) != id(fn)


# Methods that store their argument in the receiver: a container that may outlive the test.
STORING_METHODS = frozenset({"append", "appendleft", "add", "extend", "insert", "setdefault", "update", "put",
                              "put_nowait", "register", "__setitem__"})


def keeps_state(function: cst.FunctionDef) -> bool:
    """A mutable default, a `global`/`nonlocal`, or a store into an attribute or a subscript, or a storing method
    call, in the function's own body."""
    params = function.params
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        # A name too: a sentinel, or a module-level object whose changes are the module's state anyway.
        if param.default is not None and not (constant(param.default) or isinstance(param.default, cst.Name)):
            return True
    stack = [function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            return True
        if isinstance(node, cst.AssignTarget) and not isinstance(node.target, (cst.Name, cst.Tuple, cst.List)):
            return True
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in STORING_METHODS:
            return True
        stack.extend(node.children)
    return False


def _method_of(tree, cls, node) -> str:
    return next((m.name.value for m in methods(cls) if tree.inside(node, m)), "")


def _same(node, target) -> bool:
    if isinstance(target, cst.Name):
        return isinstance(node, cst.Name) and node.value == target.value
    parts = dotted_parts(target)
    return isinstance(node, cst.Attribute) and dotted_parts(node) == parts


def _none_store(tree, up) -> bool:
    """`self.loop = None` (a store of None releases nothing bound to the loop)."""
    assign = tree.parent.get(id(up)) if isinstance(up, cst.AssignTarget) else up
    return isinstance(assign, cst.Assign) and is_none(assign.value)


def _loop_manager(analysis, call, scope) -> bool:
    what = analysis.resolve(call.func, (scope,) + _enclosing(analysis))
    return what in (NEW_EVENT_LOOP, SET_EVENT_LOOP) or what == "asyncio.run"


def _enclosing(analysis) -> tuple:
    return (analysis.module,)
