"""Recognisers for the loop_diagnostics transform (docs/SEMANTICS.md P2, P4, P5, P9, P13, P14).

Everything here only reads the tree: which functions run in another thread, which loops handed to a
thread are the caller's running loop, which defs are pytest fixtures, which classes are event loop
policies, where a loop is captured. Names are resolved through FileAnalysis, never by spelling.
"""
from collections import defaultdict
from typing import List, Optional, Set

import libcst as cst

from .loop_variable import assigned_name
from .syntax import is_none, named_params, positional_params
from .asyncio_api import (LOOP_CLASS_POLICIES, LOOP_GETTERS, NOT_THREADSAFE_METHODS, POLICY_CLASSES,
                          POLICY_FUNCTIONS, qualified)

POLICY_FUNCTIONS_Q = qualified(POLICY_FUNCTIONS)
# set_event_loop_policy(<one of these>()) only picks the loop class: the loop_factory transform's.
PLAIN_LOOP_CLASS_POLICIES = frozenset(LOOP_CLASS_POLICIES)
NOT_THREADSAFE = NOT_THREADSAFE_METHODS
FIXTURE_DECORATORS = {"pytest.fixture", "pytest.yield_fixture", "pytest_asyncio.fixture"}
TEST_HOOKS = {"setUp", "tearDown", "setUpClass", "tearDownClass", "setup_method", "teardown_method",
              "setup_class", "teardown_class", "setup_function", "teardown_function"}
_CATCHES_RUNTIME_ERROR = {"RuntimeError", "Exception", "BaseException"}
_RUNNING_LOOP = LOOP_GETTERS
NAMES = frozenset({"get_event_loop", "get_running_loop", "set_event_loop", "EventLoopPolicy", "Thread", "run",
                   "to_thread", "run_in_executor", "apply", "fixture", "yield_fixture", "usefixtures"}
                  | POLICY_CLASSES | POLICY_FUNCTIONS | NOT_THREADSAFE)
_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def home(frame):
    """The frame a generator expression's code belongs to (conservatively: where it is written)."""
    while frame.kind == "genexp":
        frame = frame.parent
    return frame


def inside(site, ids) -> bool:
    """The site executes in (or is nested in) one of the defs/lambdas/classes whose ids are given."""
    frame = site.frame
    while frame is not None:
        if id(frame.node) in ids:
            return True
        frame = frame.parent
    return False


def describe(expr) -> str:
    return cst.Module(body=[]).code_for_node(expr)


def self_name(frame) -> Optional[str]:
    """The first parameter of a plain method (the frame is a def directly in a class body)."""
    node = frame.node
    if frame.kind not in ("def", "async") or frame.parent is None or frame.parent.kind != "class":
        return None
    if any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in node.decorators):
        return None
    params = positional_params(node.params)
    return params[0].name.value if params else None


def methods(cls: cst.ClassDef, names) -> List[cst.FunctionDef]:
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    return [s for s in body if isinstance(s, cst.FunctionDef) and s.name.value in names]


def _names(expr):
    if isinstance(expr, cst.Name):
        yield expr
    for child in expr.children:
        if isinstance(child, (cst.BaseExpression, cst.ComparisonTarget)):
            yield from _names(child)


class ThreadStart:
    """Thread(target=f, args=...), asyncio.to_thread(f, ...), loop.run_in_executor(x, f, ...), Thread.run.

    `function` is the def or lambda the target names (None if not found in this file); `offset` is the
    number of its parameters that precede the passed args (1 for a bound `self.method`)."""

    def __init__(self, site, target, args, function, offset):
        self.site, self.target, self.args, self.function, self.offset = site, target, args, function, offset


class Facts:
    """What loop_diagnostics needs beyond FileAnalysis (built with NAMES)."""

    def __init__(self, module: cst.Module, analysis, tree):
        self.module, self.analysis = module, analysis
        self.parent = tree.parent  # the shared TreeIndex of this module version (ctx.tree)
        self.functions = [node for node in tree.nodes if type(node) is cst.FunctionDef]
        self.classes = [node for node in tree.nodes if type(node) is cst.ClassDef]
        self.index = {id(site.expr): i for i, site in enumerate(analysis.sites)}
        self.meanings = {id(site.expr): self._meaning(site) for site in analysis.sites}
        self.by_frame = defaultdict(list)  # id(frame node) -> [(index, site)]: set_event_loop, loop methods
        for i, site in enumerate(analysis.sites):
            if site.call is not None and (site.terminal in NOT_THREADSAFE or self.of(site) == "asyncio.set_event_loop"):
                self.by_frame[id(home(site.frame).node)].append((i, site))
        self.fixtures = self._fixtures()
        self.thread_starts = list(self._thread_starts())
        self.thread_targets = {id(start.function) for start in self.thread_starts if start.function is not None}

    def _meaning(self, site):
        return self.resolve(site.expr, site.frame.scopes())

    def resolve(self, expr, scopes):
        """Canonical name; asyncio.unix_events.DefaultEventLoopPolicy & co. -> asyncio.DefaultEventLoopPolicy,
        and the policy classes a `from asyncio import *` brings."""
        found = self.analysis.resolve(expr, scopes)
        if (found is None and isinstance(expr, cst.Name) and expr.value in POLICY_CLASSES
                and not self.analysis.bindings.get(expr.value)
                and "asyncio" in self.analysis.star_modules(scopes)):
            return "asyncio." + expr.value
        if isinstance(found, str) and found.startswith("asyncio."):
            last = found.rsplit(".", 1)[1]
            if last in POLICY_CLASSES or last in POLICY_FUNCTIONS:
                return "asyncio." + last
        return found

    def of(self, site):
        return self.meanings[id(site.expr)]

    def up(self, node) -> Optional[cst.CSTNode]:
        return self.parent.get(id(node))

    def called_sites(self, qualname: str):
        return [s for s in self.analysis.sites if s.call is not None and self.of(s) == qualname]

    def next_to_entry_run(self, site) -> bool:
        """On the entry path with an entry-point asyncio.run() after it in the same block of code: a
        policy set there is the loop_factory transform's (rewritten or reported there)."""
        if self.analysis.entry_kind(site) is None:
            return False
        here, frame = self.index[id(site.expr)], home(site.frame).node
        return any(self.index[id(s.expr)] > here and home(s.frame).node is frame
                   and s.in_main_guard == site.in_main_guard for s in self.called_sites("asyncio.run"))

    def is_policy_class(self, expr) -> bool:
        what = self.meanings.get(id(expr))
        return isinstance(what, str) and what.startswith("asyncio.") and what.rsplit(".", 1)[1] in POLICY_CLASSES

    def within(self, node, ids) -> bool:
        while node is not None:
            if id(node) in ids:
                return True
            node = self.up(node)
        return False

    def before_314_only(self, node, scopes) -> bool:
        """Under `if sys.version_info < (3, N):` or in the else of `>= (3, N)`, N <= 14: this code never
        runs on the versions where the policy API warns or is gone."""
        child, parent = node, self.up(node)
        while parent is not None:
            test = parent.test if isinstance(parent, cst.If) else None
            if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
                left, target = test.left, test.comparisons[0]
                if isinstance(left, cst.Subscript):
                    left = left.value  # sys.version_info[:2]
                bound = _version(target.comparator)
                if (bound is not None and bound <= (3, 14)
                        and self.analysis.resolve(left, scopes) == "sys.version_info"):
                    if isinstance(target.operator, cst.LessThan) and child is parent.body:
                        return True
                    if isinstance(target.operator, cst.GreaterThanEqual) and child is parent.orelse:
                        return True
            child, parent = parent, self.up(parent)
        return False

    # -- policies (P9) -------------------------------------------------------------------------
    def policy_uses(self, quiet):
        """("override", class, "get_event_loop/..."), ("install", set call, argument text) or ("api", node,
        "asyncio.get_event_loop_policy().new_event_loop()"): one per site, outermost expression first.
        Plain loop-class choices and policies next to an entry-point run are the loop_factory transform's;
        get_event_loop_policy().get_event_loop() in a coroutine is get_running_loop's LS102."""
        covered = set()  # nodes whose sub-expressions are already accounted for
        for cls in self.classes:
            bases = [b.value for b in cls.bases if self.is_policy_class(b.value)
                     or self.meanings.get(id(b.value)) == "uvloop.EventLoopPolicy"]
            overrides = [m.name.value for m in methods(cls, {"get_event_loop", "set_event_loop"})]
            if bases and overrides:
                covered.update(id(b) for b in bases)
                yield "override", cls, "/".join(overrides)
        for site in self.analysis.sites:
            what = self.of(site)
            if what not in POLICY_FUNCTIONS_Q and not self.is_policy_class(site.expr):
                continue
            node = site.call if site.call is not None else site.expr
            if inside(site, quiet) or self.within(node, covered):
                continue
            covered.add(id(node))
            api = what + ("()" if site.call is not None else "")
            if what == "asyncio.set_event_loop_policy" and site.call is not None:
                if self.next_to_entry_run(site):
                    continue
                arg = site.call.args[0].value if site.call.args else None
                kind = self._installed(arg, site.frame.scopes()) if arg is not None else "asyncio"
                if kind == "plain":
                    continue
                if kind == "other":
                    yield "install", node, describe(arg)
                    continue
            chained = self.up(node)
            call = self.up(chained) if isinstance(chained, cst.Attribute) else None
            if isinstance(call, cst.Call) and call.func is chained:
                if chained.attr.value == "get_event_loop" and site.async_extent is not None:
                    continue
                api += "." + chained.attr.value + "()"
            if not self.before_314_only(node, site.frame.scopes()):
                yield "api", node, api

    def _installed(self, arg, scopes) -> str:
        """"plain" (uvloop / Windows policy instance), "asyncio" (None or an asyncio policy) or "other"."""
        policy = self.resolve(arg.func if isinstance(arg, cst.Call) else arg, scopes)
        if isinstance(arg, cst.Call) and not arg.args and policy in PLAIN_LOOP_CLASS_POLICIES:
            return "plain"
        if is_none(arg) or (isinstance(policy, str) and policy.startswith("asyncio.")
                            and policy.rsplit(".", 1)[1] in POLICY_CLASSES):
            return "asyncio"
        return "other"

    # -- pytest ----------------------------------------------------------------------------
    def _fixtures(self) -> Set[int]:
        """ids of defs decorated with pytest.fixture / pytest_asyncio.fixture (with or without a call)."""
        found = set()
        for site in self.analysis.sites:
            if self.of(site) not in FIXTURE_DECORATORS:
                continue
            decorator = self.up(site.call if site.call is not None else site.expr)
            if isinstance(decorator, cst.Decorator) and isinstance(self.up(decorator), cst.FunctionDef):
                found.add(id(self.up(decorator)))
        return found

    def is_test_code(self, function: cst.FunctionDef) -> bool:
        name = function.name.value
        return name.startswith("test") or name in TEST_HOOKS or id(function) in self.fixtures

    # -- the shape around a get_event_loop() call ---------------------------------------------
    def loop_set_before(self, site) -> bool:
        """An asyncio.set_event_loop(<not None>) earlier in the same function (or at module level)."""
        here = self.index[id(site.expr)]
        return any(i < here and self.of(s) == "asyncio.set_event_loop" and s.call.args
                   and not is_none(s.call.args[0].value) for i, s in self.by_frame[id(home(site.frame).node)])

    def loop_method_calls(self, frame_node, variable: str, names):
        """Calls `variable.<name>(...)` made directly in frame_node (a def, lambda or the module)."""
        return [s for _i, s in self.by_frame[id(frame_node)] if s.terminal in names
                and isinstance(s.expr, cst.Attribute) and isinstance(s.expr.value, cst.Name)
                and s.expr.value.value == variable]

    def bridge(self, site, frame) -> bool:
        """get_event_loop().run_until_complete(...), or `loop = get_event_loop()` + loop.run_until_complete()."""
        parent = self.up(site.call)
        if isinstance(parent, cst.Attribute) and parent.attr.value == "run_until_complete":
            return isinstance(self.up(parent), cst.Call) and self.up(parent).func is parent
        target = assigned_name(self.up, site.call)
        runs = self.loop_method_calls(frame.node, target, {"run_until_complete"}) if target is not None else ()
        return any(run.in_main_guard == site.in_main_guard for run in runs)  # same side of a main guard

    def captured(self, site, frame):
        """P5: ("self", "self.loop") when the loop is stored on the instance, ("param", "loop") when it
        fills in a `loop=None` parameter (directly, through `or`, or a conditional expression)."""
        if not isinstance(frame.node, cst.FunctionDef):
            return None
        none_params = {p.name.value for p in named_params(frame.node.params)
                       if p.default is not None and is_none(p.default)}
        node, via = site.call, set()
        parent = self.up(node)
        while isinstance(parent, (cst.BooleanOperation, cst.IfExp)) and node is not getattr(parent, "test", None):
            via.update(n.value for n in _names(parent))
            node, parent = parent, self.up(parent)
        targets = [t.target for t in parent.targets] if isinstance(parent, cst.Assign) else (
            [parent.target] if isinstance(parent, cst.AnnAssign) else [])
        me = self_name(frame)
        for target in targets:
            if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == me:
                return "self", describe(target)
        names = [t.value for t in targets if isinstance(t, cst.Name) and t.value in none_params]
        names += sorted(via & none_params)
        return ("param", names[0]) if names else None

    def handles_runtime_error(self, node) -> bool:
        """Inside a try body (same function) with a handler that catches RuntimeError."""
        child, parent = node, self.up(node)
        while parent is not None and not isinstance(parent, _SCOPES):
            if isinstance(parent, cst.Try) and parent.body is child:
                for handler in parent.handlers:
                    kinds = ([e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple)
                             else [handler.type])
                    if any(k is None or _catches(k) for k in kinds):
                        return True
            child, parent = parent, self.up(parent)
        return False

    # -- threads -------------------------------------------------------------------------------
    def _thread_starts(self):
        for site in self.analysis.sites:
            what, call = self.of(site), site.call
            if what == "threading.Thread" and call is None:
                arg = self.up(site.expr)
                owner = self.up(arg) if isinstance(arg, cst.Arg) else None
                if isinstance(owner, cst.ClassDef) and any(b is arg for b in owner.bases):  # Thread subclass
                    for method in methods(owner, {"run"}):
                        yield ThreadStart(site, None, [], method, 1)
                continue
            if call is None:
                continue
            positional = [a.value for a in call.args if a.keyword is None and not a.star]
            keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
            if what == "threading.Thread":  # Thread(group, target, name, args, kwargs)
                target = keywords.get("target", positional[1] if len(positional) > 1 else None)
                args = keywords.get("args", positional[3] if len(positional) > 3 else None)
                args = [e.value for e in args.elements] if isinstance(args, (cst.Tuple, cst.List)) else []
            elif what == "asyncio.to_thread":
                target, args = (positional[0] if positional else None), positional[1:]
            elif site.terminal == "run_in_executor" and isinstance(site.expr, cst.Attribute) and what is None:
                target, args = (positional[1] if len(positional) > 1 else None), positional[2:]
            else:
                continue
            if target is not None:
                function, offset = self._function_for(target, site)
                yield ThreadStart(site, target, args, function, offset)

    def _function_for(self, expr, site):
        if isinstance(expr, cst.Lambda):
            return expr, 0
        frame = home(site.frame)
        if isinstance(expr, cst.Name):
            scopes = frame.scopes()
            visible = self.analysis.visible_bindings(expr.value, scopes)
            defs = [f for f in self.functions if f.name.value == expr.value and f.asynchronous is None
                    and any(self.scope_of(f) is b.scope for b in visible)]
            if len(visible) == 1 and visible[0].qualname is None and len(defs) == 1:
                return defs[0], 0
        elif (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)
              and expr.value.value == self_name(frame)):
            found = [m for m in methods(frame.parent.node, {expr.attr.value}) if m.asynchronous is None]
            if len(found) == 1:
                return found[0], 1
        return None, 0

    def scope_of(self, node) -> cst.CSTNode:
        """The def/class/lambda (or the module) whose body binds `node`'s name."""
        child, parent = node, self.up(node)
        while parent is not None and not (isinstance(parent, _SCOPES) and parent.body is child):
            child, parent = parent, self.up(parent)
        return parent if parent is not None else self.module

    def running_loop(self, expr, site) -> bool:
        """`expr`, evaluated directly in a coroutine body, is that coroutine's running loop: a
        get_running_loop()/get_event_loop() call, or a local only ever assigned from one."""
        if not site.in_coroutine_body:
            return False
        if isinstance(expr, cst.Call):
            return not expr.args and self.analysis.resolve(expr.func, site.frame.scopes()) in _RUNNING_LOOP
        if not isinstance(expr, cst.Name):
            return False
        scope = site.frame.node
        bindings = [b for b in self.analysis.bindings.get(expr.value, ()) if b.scope is scope]
        assigned = sum(1 for s in self.analysis.sites
                       if s.call is not None and not s.call.args and s.frame.node is scope and s.in_coroutine_body
                       and self.of(s) in _RUNNING_LOOP and assigned_name(self.up, s.call) == expr.value)
        return assigned > 0 and assigned == len(bindings)

    def handoffs(self):
        """(node, loop name, method): a running loop driven from another thread by a non-thread-safe call."""
        for start in self.thread_starts:
            target = start.target
            if (isinstance(target, cst.Attribute) and target.attr.value in NOT_THREADSAFE
                    and self.running_loop(target.value, start.site)):
                yield target, describe(target.value), target.attr.value  # Thread(target=loop.run_forever)
                continue
            function = start.function
            if not isinstance(function, cst.FunctionDef):
                continue
            params = positional_params(function.params)
            for position, value in enumerate(start.args):
                index = position + start.offset
                if index >= len(params) or not self.running_loop(value, start.site):
                    continue
                name = params[index].name.value
                if len([b for b in self.analysis.bindings.get(name, ()) if b.scope is function]) != 1:
                    continue  # the parameter is rebound in the thread function
                for use in self.loop_method_calls(function, name, NOT_THREADSAFE):
                    yield use.call, name, use.terminal


def _version(expr):
    if isinstance(expr, cst.Tuple) and all(isinstance(e.value, cst.Integer) for e in expr.elements):
        return tuple(int(e.value.value) for e in expr.elements)
    return None


def _catches(expr) -> bool:
    return isinstance(expr, cst.Name) and expr.value in _CATCHES_RUNTIME_ERROR
