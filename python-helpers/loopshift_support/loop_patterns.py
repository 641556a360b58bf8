"""Recognisers for the loop_diagnostics and get_running_loop transforms (docs/SEMANTICS.md P2, P4, P5,
P9, P13, P14).

Everything here only reads the tree: which defs are pytest fixtures, where a loop is captured, what
surrounds a get_event_loop() call. Which code runs in another thread is loop_threads.py, which policy
API uses to report policy_uses.py; Facts gathers the three. Names are resolved through FileAnalysis,
never by spelling.
"""
from collections import defaultdict
from typing import Optional, Set

import libcst as cst

from .asyncio_api import POLICY_CLASSES, POLICY_FUNCTIONS
from .loop_threads import NOT_THREADSAFE, SCOPES, ThreadFacts, describe, home, inside, self_name  # noqa: F401
from .loop_variable import assigned_name
from .policy_uses import PolicyUses
from .syntax import is_none, named_params

FIXTURE_DECORATORS = {"pytest.fixture", "pytest.yield_fixture", "pytest_asyncio.fixture"}
TEST_HOOKS = {"setUp", "tearDown", "setUpClass", "tearDownClass", "setup_method", "teardown_method",
              "setup_class", "teardown_class", "setup_function", "teardown_function"}
_CATCHES_RUNTIME_ERROR = {"RuntimeError", "Exception", "BaseException"}
NAMES = frozenset({"get_event_loop", "get_running_loop", "set_event_loop", "EventLoopPolicy", "Thread", "run",
                   "to_thread", "run_in_executor", "apply", "fixture", "yield_fixture", "usefixtures"}
                  | POLICY_CLASSES | POLICY_FUNCTIONS | NOT_THREADSAFE)


def _names(expr):
    if isinstance(expr, cst.Name):
        yield expr
    for child in expr.children:
        if isinstance(child, (cst.BaseExpression, cst.ComparisonTarget)):
            yield from _names(child)


class Facts(ThreadFacts, PolicyUses):
    """What loop_diagnostics needs beyond FileAnalysis (built with NAMES)."""

    @classmethod
    def shared(cls, ctx, module: cst.Module) -> "Facts":
        """One per module version, shared by loop_diagnostics, get_running_loop's sync helpers and the LS802
        proposal (nothing changes it once built)."""
        return ctx.memo("loop_patterns.facts", module, lambda: cls(module, ctx.analysis(module, NAMES), ctx.tree(module),
                                                                   ctx.project))

    def __init__(self, module: cst.Module, analysis, tree, project=None):
        self.module, self.analysis = module, analysis
        self.project = project  # the driver's facts for this file (ctx.project), or None
        self.parent = tree.parent  # the shared TreeIndex of this module version (ctx.tree)
        self.functions = [node for node in tree.nodes if type(node) is cst.FunctionDef]
        self.classes = [node for node in tree.nodes if type(node) is cst.ClassDef]
        self.nodes = tree.nodes
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

    def within(self, node, ids) -> bool:
        while node is not None:
            if id(node) in ids:
                return True
            node = self.up(node)
        return False

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
        while parent is not None and not isinstance(parent, SCOPES):
            if isinstance(parent, cst.Try) and parent.body is child:
                for handler in parent.handlers:
                    kinds = ([e.value for e in handler.type.elements] if isinstance(handler.type, cst.Tuple)
                             else [handler.type])
                    if any(k is None or _catches(k) for k in kinds):
                        return True
            child, parent = parent, self.up(parent)
        return False


def _catches(expr) -> bool:
    return isinstance(expr, cst.Name) and expr.value in _CATCHES_RUNTIME_ERROR
