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

from .asyncio_api import CLOSE_UNDOES_METHODS, GET_EVENT_LOOP, LOOP_RUN_METHODS, NEW_EVENT_LOOP, SET_EVENT_LOOP
from .loop_variable import only_statement
from .syntax import dotted_parts, is_none, positional_params

# When unittest_loop runs on a file (ctx.running) it owns these sites and loop_diagnostics leaves them;
# without it (-t loop_diagnostics) they stay LS805.
TEST_CASES = frozenset({"unittest.TestCase", "unittest.case.TestCase"})
# Loop methods whose effect outlives the test on a shared loop (registrations and settings); assigning
# an attribute of the loop (slow_callback_duration) counts too.
LOOP_SETTINGS = frozenset({"set_debug", "set_exception_handler", "set_task_factory", "add_reader", "add_writer"})
# TestCase methods that run a test and its cleanups: overridden, they may not run ours.
RUNS_TESTS = frozenset({"addCleanup", "doCleanups", "run", "__call__", "debug"})
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
                  bases_checked: bool = False) -> Optional[str]:
    """Why code outside the class may set it up or extend it, or None. `bases_checked`: the caller has
    checked the bases itself (setup_current_loop's same-file mixins)."""
    if tree.parent.get(id(cls)) is not analysis.module:
        return "%s is defined inside other code" % cls.name.value
    if (len(cls.bases) != 1 and not bases_checked) or cls.keywords:
        return "%s has other bases or a metaclass, which may define setUp, tearDown or shared state" % cls.name.value
    overrides = sorted(m.name.value for m in methods(cls) if m.name.value in RUNS_TESTS)
    if overrides:
        return "%s overrides %s(), which runs the tests and their cleanups" % (cls.name.value, overrides[0])
    for decorator in cls.decorators:
        what = analysis.resolve(callee(decorator.decorator), (analysis.module,))
        if not (isinstance(what, str) and what.startswith("unittest.")):
            return "a decorator may change %s" % cls.name.value
    name = cls.name.value
    if len(analysis.bindings.get(name, ())) != 1 or any(not _loaded_by_unittest(analysis, tree, node)
                                                         for node in tree.nodes if type(node) is cst.Name
                                                         and node.value == name and is_load(tree, node)):
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


def loop_uses(analysis, tree, cls, method, target, project=None) -> LoopUses:
    """Every use of the loop `target` (the Name or self.<attribute> assigned) in the test method, or in
    the whole class for an attribute of setUp(). `project`: the driver's facts (which imports are project
    modules, whose functions may keep the loop)."""
    found, scope = LoopUses(), cls if isinstance(target, cst.Attribute) else method
    for node in tree.descendants(scope):
        if isinstance(node, cst.Call) and _loop_manager(analysis, node, scope):
            found.escape = (node, "the class sets or makes loops itself")
            return found
        if _closes_current(analysis, node, scope):
            found.closes.append(node)
        if node is target or not _same(node, target):
            continue
        up = tree.parent.get(id(node))
        if _in_thread_start(analysis, tree, node, scope):
            found.escape = (node, "the loop is handed to a thread, which may still run it when the test ends")
            return found
        if isinstance(up, cst.Attribute) and up.value is node:
            call = tree.parent.get(id(up))
            called = isinstance(call, cst.Call) and call.func is up
            if up.attr.value in CLOSE_UNDOES_METHODS:
                found.escape = (up, "close() would undo %s(), which the shared loop kept" % up.attr.value)
                return found
            if up.attr.value in LOOP_RUN_METHODS and not called:
                found.escape = (up, "%s is handed on: the loop may still run when the test ends" % up.attr.value)
                return found
            if up.attr.value == "close" and called:
                found.closes.append(call)
            elif (called and up.attr.value in LOOP_SETTINGS) or isinstance(call, (cst.AssignTarget, cst.AugAssign)):
                found.settings.append(_method_of(tree, cls, up))
            continue
        if isinstance(up, cst.Arg) and up.value is node:
            kept = _kept_by(analysis, tree.parent.get(id(up)), scope, project)
            if kept is not None:
                found.escape = (node, kept)
                return found
            continue  # handed to a call made during the test
        if isinstance(up, (cst.Comparison, cst.ComparisonTarget)):
            continue
        if isinstance(up, (cst.Assign, cst.AssignTarget)) and _none_store(tree, up):
            continue
        if isinstance(up, cst.Del):
            continue
        found.escape = (node, "the loop escapes the test (stored, returned or rebound)")
        return found
    return found


# Methods that store their argument in the receiver: a container that may outlive the test.
STORING_METHODS = frozenset({"append", "appendleft", "add", "extend", "insert", "setdefault", "update", "put",
                              "put_nowait", "register", "__setitem__"})


def _kept_by(analysis, call, scope, project) -> Optional[str]:
    """Why the call the loop is handed to may keep it past the test (probe round 8b, W09), or None: a storing
    method of something other than the test instance; a function of this file that keeps state (a mutable
    default, `global`, a store outside its locals); a function of another project module (its text is not
    seen). Constructors (capitalised names), asyncio's and libraries' functions are trusted."""
    if not isinstance(call, cst.Call):
        return None
    func = call.func
    parts = dotted_parts(func)
    if isinstance(func, cst.Attribute) and func.attr.value in STORING_METHODS and (not parts or parts[0] != "self"):
        return "the loop is stored by %s(), in something that may outlive the test" % func.attr.value
    if not parts or parts[0] == "self" or parts[-1][:1].isupper():
        return None
    if len(parts) == 1 and analysis.module_functions.get(parts[0]):
        for function in analysis.module_functions[parts[0]]:
            if _keeps_state(function):
                return "the loop is handed to %s() of this file, which may keep it (a mutable default or a store " \
                       "outside its locals)" % parts[0]
        return None
    tops = set((project or {}).get("projectImports") or ())
    bound = analysis.resolve_name(parts[0], (scope, analysis.module))
    top = bound.split(".")[0] if isinstance(bound, str) else None
    relative = any(isinstance(node, cst.ImportFrom) and node.relative for node, _ in analysis.import_bindings(parts[0]))
    if top in tops or relative:
        return "the loop is handed to %s(), a function of another project module, which may keep it" % ".".join(parts)
    return None


def _keeps_state(function: cst.FunctionDef) -> bool:
    """A mutable default, a `global`/`nonlocal`, or a store into an attribute or a subscript, or a storing method
    call, in the function's own body."""
    params = function.params
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        if param.default is not None and not isinstance(param.default, (cst.BaseNumber, cst.SimpleString, cst.Name)):
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


def _closes_current(analysis, node, scope) -> bool:
    """get_event_loop().close(): in these tests, the loop they take."""
    func = node.func if isinstance(node, cst.Call) else None
    return (isinstance(func, cst.Attribute) and func.attr.value == "close" and isinstance(func.value, cst.Call)
            and analysis.resolve(func.value.func, (scope, analysis.module)) == GET_EVENT_LOOP)


def _method_of(tree, cls, node) -> str:
    return next((m.name.value for m in methods(cls) if tree.inside(node, m)), "")


def _in_thread_start(analysis, tree, node, scope) -> bool:
    """Somewhere in the arguments of threading.Thread(...): close() raises while another thread runs it."""
    up = tree.parent.get(id(node))
    while up is not None and not isinstance(up, (cst.BaseStatement, cst.BaseSmallStatement)):
        if isinstance(up, cst.Call) and analysis.resolve(up.func, (scope, analysis.module)) == "threading.Thread":
            return True
        up = tree.parent.get(id(up))
    return False


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
