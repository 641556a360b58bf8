"""What else may touch the thread's current loop on a script's entry path, before or after a site
(docs/SEMANTICS.md P3a conditions 3 and 4, P3b, P14).

In source order: module code, the main guard, the entry function, and - transitively, by name - the
sync functions and classes of this file they refer to. Code in other modules is not visible. A
coroutine function of this file (an undecorated async def, or a generator-based coroutine with only
its coroutine decorator, B5) is no activity: calling it makes a coroutine object and runs none of its
body, which runs only when a loop runs it (itself an activity). A bare name is resolved to its
binding; `obj.name()` may be any def of that name, so it counts, behind anything certain. A decorated
async def counts through its decorator. Part of Lifecycle (loop_lifecycle.py), which supplies the
tree, the analysis and the sites.
"""
from collections import defaultdict
from typing import Dict, NamedTuple, Optional, Tuple

import libcst as cst

from .asyncio_api import (DEFAULT_POLICY, IMPLICIT_LOOP_FUNCTIONS, LOOP_BINDING_METHODS, LOOP_BOUND_CLASSES,
                          LOOP_CLASS_POLICIES, LOOP_RUN_METHODS, NEST_ASYNCIO_APPLY, NEW_EVENT_LOOP,
                          POLICY_FUNCTIONS, PRIMITIVES, RUNNERS, STREAM_CLASSES, TASK_REGISTRY_FUNCTIONS,
                          UVLOOP_INSTALL, UVLOOP_RUN,
                          WINDOWS_POLICIES_MODULE, qualified)
from .analysis import thread_target_only
from .policy_classes import loop_class_policy
from .syntax import dotted_parts

# Terminal names matched by spelling -> category. "get"/"policy"/"bind"/"read" consult the thread's
# current loop (readers); "set"/"run" change or run loops.
_SPELLED = {
    "get_event_loop": "get", **dict.fromkeys(POLICY_FUNCTIONS, "policy"),
    "new_event_loop": "set", "set_event_loop": "set", **dict.fromkeys(LOOP_RUN_METHODS, "run"),
    **dict.fromkeys((IMPLICIT_LOOP_FUNCTIONS - {"get_event_loop"}) | LOOP_BINDING_METHODS, "bind"),
    **dict.fromkeys(TASK_REGISTRY_FUNCTIONS, "read"),
}
# Generic names that count only when they resolve to these (conservatively: or are ambiguous).
_MEANING = {
    **dict.fromkeys(RUNNERS | {UVLOOP_RUN}, "run"), **dict.fromkeys((UVLOOP_INSTALL, NEST_ASYNCIO_APPLY), "policy"),
    **dict.fromkeys(qualified(LOOP_BOUND_CLASSES | STREAM_CLASSES), "bind"),
}
# Decorators that only declare what the function is: none calls it when applied or keeps it to run later.
_DECLARING_DECORATORS = frozenset({"property", "staticmethod", "classmethod", "functools.wraps", "functools.lru_cache",
                                   "functools.cache", "functools.cached_property", "contextlib.contextmanager",
                                   "contextlib.asynccontextmanager", "abc.abstractmethod", "typing.overload",
                                   "asyncio.coroutine", "types.coroutine"})
READERS = frozenset({"get", "policy", "bind", "read", "unknown"})
EVERYTHING = READERS | {"set", "run"}
# set_event_loop_policy(<one of these>()) keeps the default get_event_loop/new_event_loop behaviour:
# the default policy and asyncio's plain Windows ones (not uvloop's, whose loops differ), however imported.
_ASYNCIO_PLAIN = {q for q in LOOP_CLASS_POLICIES if q.startswith("asyncio.")}
_PLAIN_POLICIES = ({DEFAULT_POLICY} | _ASYNCIO_PLAIN
                   | {WINDOWS_POLICIES_MODULE + "." + q.rsplit(".", 1)[1] for q in _ASYNCIO_PLAIN})
_CLASS_ONLY_POLICIES = _PLAIN_POLICIES | set(LOOP_CLASS_POLICIES)
# Calls that return a new loop object, never None: new_event_loop() and the class-only policies' factories.
LOOP_MAKERS = frozenset({NEW_EVENT_LOOP} | {"%s.%s" % pair for pair in LOOP_CLASS_POLICIES.values()})
_ITERATION = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda,
              cst.FunctionDef, cst.ClassDef)


def _exits(statement) -> bool:
    """A line that is only `return ...` or `raise ...`."""
    return (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], (cst.Return, cst.Raise)))


def _leaves_loop(block) -> bool:
    """A `break` or `continue` in `block` whose loop is outside it: the block may end without its last line."""
    def visit(node, in_loop: bool) -> bool:
        if isinstance(node, (cst.Break, cst.Continue)):
            return not in_loop
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            return False
        if isinstance(node, (cst.For, cst.While)):
            return visit(node.body, True) or (node.orelse is not None and visit(node.orelse, in_loop))
        return any(visit(child, in_loop) for child in node.children)
    return visit(block, False)


class Hit(NamedTuple):
    """One site that may touch the loop, as scan() found it: `owner` is the def whose call runs it (None:
    module code), `anytime` that it sits in a lambda, `where` its preorder position."""
    rank: tuple
    label: Tuple[str, str]
    site: object
    owner: object
    anytime: bool
    where: int


class Entry:
    """Where an entry site runs: the main guard, or the entry function and its one call there."""

    def __init__(self, kind: str, fn=None, call=None):
        self.kind, self.fn, self.call = kind, fn, call


class EntryPath:
    """Mixed into Lifecycle: activities on the entry path and the entry a site runs in."""

    # -- activity: what may consult or change the thread's current loop ---------------------
    def activities(self):
        """[(site, category, label)] for every site that may touch the thread's current loop."""
        if self._activities is None:
            found = []
            for site in self.analysis.sites:
                category = self._category(site)
                if category:
                    found.append((site, category, self.label(site)))
            self._activities = found
        return self._activities

    def _category(self, site) -> Optional[str]:
        if self.runs_nothing(site):
            return None  # a local `async def gather()`: by spelling an activity, in fact a coroutine function
        if site.call is None and self._in_annotation(site.expr):
            return None  # `writer: asyncio.StreamWriter = None`: an annotation names a class, makes nothing
        if self._foreign_call(site) is not None:
            return "unknown"
        name, meaning = site.terminal, self.loose_meaning(site)
        if isinstance(meaning, str) and meaning.startswith("asyncio.") and meaning[8:] in _SPELLED:
            name = meaning[8:]  # `from asyncio import get_event_loop as gel`
        if name in _SPELLED:
            if name == "set_event_loop_policy" and self._plain_policy(site):
                return None
            return _SPELLED[name]
        if meaning in _MEANING:
            return _MEANING[meaning]
        # By meaning, not spelling (P10): `from asyncio import Queue as AsyncQueue; READY = AsyncQueue()`.
        if isinstance(meaning, str) and meaning.startswith("asyncio.") and meaning[8:] in PRIMITIVES \
                and self.ctx.target <= (3, 9):
            return "bind"
        return None

    def _in_annotation(self, node) -> bool:
        up = self.parent(node)
        while up is not None and not isinstance(up, (cst.BaseStatement, cst.BaseSmallStatement)):
            if isinstance(up, cst.Annotation):
                return True
            up = self.parent(up)
        return False

    def _called(self, name) -> Optional[cst.Call]:
        """The call of `name` or of `name.a.b`, if that is what the expression does. A decorator (`@lib.deco` on
        a nested def) is a call of it with the function: a call with one argument stands for that."""
        node = name
        while isinstance(self.parent(node), cst.Attribute) and self.parent(node).value is node:
            node = self.parent(node)
        up = self.parent(node)
        if isinstance(up, cst.Call) and up.func is node:
            return up
        if isinstance(up, cst.Decorator) and up.decorator is node:
            return cst.Call(func=node, args=[cst.Arg(cst.Name("function"))])
        return None

    def _plain_policy(self, site) -> bool:
        call = site.call
        if call is None or len(call.args) != 1 or not isinstance(call.args[0].value, cst.Call):
            return False
        inner = call.args[0].value
        return not inner.args and self.analysis.resolve(inner.func, site.frame.scopes()) in _PLAIN_POLICIES

    def class_only_policy(self, site) -> bool:
        """A "policy" activity that installs nothing but a policy choosing the loop class (uvloop's, the
        Windows ones: P9), or only reads the policy: get_event_loop() still returns the loop that
        set_event_loop() set, and new_event_loop() makes the policy's class (P3b, P3e)."""
        meaning = self.meaning(site)
        if meaning == UVLOOP_INSTALL or meaning == "asyncio.get_event_loop_policy":
            return site.call is not None and not site.call.args
        if meaning != "asyncio.set_event_loop_policy" or site.call is None or len(site.call.args) != 1:
            return False
        inner = site.call.args[0].value
        return (isinstance(inner, cst.Call) and not inner.args
                and (self.analysis.resolve(inner.func, site.frame.scopes()) in _CLASS_ONLY_POLICIES
                     or self.own_loop_class_policy(inner.func, site.frame.scopes())))

    def own_policy_install(self, site) -> bool:
        """set_event_loop_policy(P()) of a policy class of this file that only chooses the loop class: its
        get_event_loop() is asyncio's, which never raises where it would create the loop (unlike uvloop 0.22's)."""
        call = site.call
        return (call is not None and self.meaning(site) == "asyncio.set_event_loop_policy" and len(call.args) == 1
                and isinstance(call.args[0].value, cst.Call) and not call.args[0].value.args
                and not call.args[0].keyword and not call.args[0].star
                and self.own_loop_class_policy(call.args[0].value.func, site.frame.scopes()))

    def loop_class_policies(self) -> frozenset:
        """Names of this file's module-level classes that only choose the loop class of asyncio's default
        policy (policy_classes.py): installing one is what installing uvloop's old policy was (P3b)."""
        if self._loop_class_policies is None:
            self._loop_class_policies = frozenset(
                name for name, defs in self.facts.defs.items()
                if len(defs) == 1 and self.parent(defs[0]) is self.module
                and loop_class_policy(defs[0], self.analysis, self.module, self.tree.nodes))
        return self._loop_class_policies

    def own_loop_class_policy(self, expr, scopes) -> bool:
        """`expr` names, where it is read, one of loop_class_policies(), or a class another project module
        defines with the same shape (the driver's facts `policyClasses`, src/policy-installers.ts), by the name
        this module's one import of it binds."""
        return (isinstance(expr, cst.Name) and expr.value in self.loop_class_policies()
                and self.analysis.binding_scope(expr.value, scopes) is self.module) \
            or self._project_listed(expr, scopes, "policyClasses")

    def in_loop_class_policy(self, site) -> bool:
        """The site is in the body of such a class: it only names the loop class, which runs when a loop is
        made, by get_event_loop() before and by new_event_loop() after the rewrite alike."""
        frame = site.frame
        while frame is not None and frame.kind != "class":
            frame = frame.parent
        return frame is not None and frame.node.name.value in self.loop_class_policies() \
            and self.parent(frame.node) is self.module

    def class_only_install(self, site) -> bool:
        """An activity that installs, or makes, a policy choosing only the loop class (uvloop's; the
        Windows ones are no activity at all): new_event_loop() then makes that class, as get_event_loop()
        did (P3b)."""
        call = self._foreign_call(site)
        if call is not None:
            meaning = self.analysis.resolve(call.func, site.frame.scopes())
            return not call.args and (meaning in LOOP_CLASS_POLICIES or meaning == UVLOOP_INSTALL
                                      or self._project_installer(site))
        meaning = self.meaning(site)
        if meaning == UVLOOP_INSTALL:
            return site.call is not None and not site.call.args
        return meaning == "asyncio.set_event_loop_policy" and self.class_only_policy(site)

    def _project_installer(self, site) -> bool:
        """A call of a function another project module defines to do nothing but install such a policy, or of a
        policy class it defines to do nothing but choose the loop class (making one runs asyncio's __init__):
        the driver's facts, src/policy-installers.ts."""
        scopes = site.frame.scopes()
        return self._project_listed(site.expr, scopes, "policyInstallers") \
            or self._project_listed(site.expr, scopes, "policyClasses")

    def _project_listed(self, expr, scopes, fact: str) -> bool:
        """`expr` is a name this module's one import binds to a name the facts list for its module."""
        name = expr.value if isinstance(expr, cst.Name) else None
        module, original = self.facts.imported_from.get(name, (None, None))
        found = (self.ctx.project or {}).get(fact)
        listed = found.get(module) if isinstance(found, dict) and module else None
        return (isinstance(listed, list) and original in listed and len(self.analysis.bindings.get(name, ())) == 1
                and self.analysis.binding_scope(name, scopes) is self.module)

    def known_foreign_call(self, site) -> bool:
        """A call into a loop library that only makes a loop or a class-only policy object
        (uvloop.new_event_loop(), uvloop.EventLoopPolicy()), or installs such a policy (uvloop.install()):
        it sets no loop and runs nothing else (P3b, P3e)."""
        call = self._foreign_call(site)
        if call is None or call.args:
            return False
        meaning = self.analysis.resolve(call.func, site.frame.scopes())
        return meaning in LOOP_MAKERS or meaning in LOOP_CLASS_POLICIES or meaning == UVLOOP_INSTALL \
            or self._project_installer(site)

    def _foreign_call(self, site) -> Optional[cst.Call]:
        """The call when the site calls something imported from outside the standard library."""
        if site.terminal in self.facts.imported and isinstance(site.expr, cst.Name):
            return self._called(site.expr)
        return None

    def label(self, site) -> str:
        call = self._foreign_call(site)
        if call is not None:
            name = ".".join(dotted_parts(call.func) or [site.terminal])
            return "%s() (code from outside the standard library)" % name
        parts = dotted_parts(site.expr)
        text = ".".join(parts) if parts else site.terminal
        return text + ("()" if site.call is not None else "")

    def touching(self, categories: frozenset, exempt=None) -> Dict[str, Tuple[str, str]]:
        """This file's sync functions/classes whose code (transitively) touches the loop, each with
        the (category, label) of one thing it does; activities `exempt(site)` accepts do not count."""
        key = (categories, exempt)
        if key not in self._touching:
            edges = defaultdict(set)   # referenced name -> names of the defs referring to it
            found: Dict[str, Tuple[str, str]] = {}
            for site, category, label in self.activities():
                if category in categories and not (exempt and exempt(site)):
                    for owner in self._enclosing_sync_defs(site):
                        found.setdefault(owner, (category, label))
            if "unknown" in categories:
                for name, label in self._foreign_wrapped():
                    found.setdefault(name, ("unknown", label))
                for name, label in self._local_imports():
                    found.setdefault(name, ("unknown", label))
            for name in self.facts.defs:
                for site in self.sites_by_name.get(name, ()):
                    if self.runs_nothing(site):
                        continue
                    for owner in self._enclosing_sync_defs(site):
                        if owner not in self.loop_class_policies():  # it only names its loop class
                            edges[name].add(owner)
            work = list(found)
            while work:
                name = work.pop()
                for owner in edges.get(name, ()):
                    if owner not in found:
                        found[owner] = found[name]
                        work.append(owner)
            self._touching[key] = found
        return self._touching[key]

    def _local_imports(self):
        """(name, label) of this file's sync defs and classes whose code imports a module outside the standard
        library: the first call runs that module's import-time code (probe round 7, W27: `def load_plugins():
        import plugins`, whose module set a loop)."""
        for node in self.tree.nodes:
            if type(node) is cst.Import:
                modules = [dotted_parts(alias.name) for alias in node.names]
            elif type(node) is cst.ImportFrom:
                modules = [None] if node.relative or node.module is None else [dotted_parts(node.module)]
            elif type(node) is cst.Call and self.imports_by_call(node):
                modules = [None]  # importlib.import_module("plugins"), __import__(...): any module (7b, W10, W11)
            else:
                continue
            if all(parts and parts[0] in self.facts.standard for parts in modules):
                continue
            label = "an import in %s"
            up = self.parent(node)
            while up is not None and not isinstance(up, cst.Module):
                if isinstance(up, cst.FunctionDef) and up.asynchronous is not None:
                    break  # a coroutine's body runs under its loop
                if isinstance(up, (cst.FunctionDef, cst.ClassDef)):
                    yield up.name.value, label % up.name.value
                up = self.parent(up)

    def imports_by_call(self, call) -> bool:
        """`importlib.import_module(...)`, `__import__(...)` (unshadowed), or a reference to either."""
        func = call.func
        if isinstance(func, cst.Name) and func.value == "__import__":
            return not self.analysis.bindings.get("__import__")
        return self.analysis.resolve(func, self._scopes_of(call)) in ("importlib.import_module", "importlib.__import__")

    def _foreign_wrapped(self):
        """(name, label) of this file's classes with a foreign base and defs with a foreign decorator:
        calling them runs code loopshift cannot see."""
        for site in self.analysis.sites:
            if site.terminal not in self.facts.imported or not isinstance(site.expr, cst.Name):
                continue
            node = self.parent(site.expr)
            while node is not None and not isinstance(node, (cst.Arg, cst.Decorator, cst.IndentedBlock)):
                node = self.parent(node)
            owner = self.parent(node) if node is not None else None
            if isinstance(node, cst.Arg) and isinstance(owner, cst.ClassDef) and node in owner.bases:
                yield owner.name.value, "inherits from %s" % site.terminal
            elif isinstance(node, cst.Decorator) and isinstance(owner, cst.FunctionDef):
                # async defs too: the decorator's wrapper, not the coroutine function, is what a call runs
                yield owner.name.value, "decorated by %s" % site.terminal

    # -- coroutine functions: calling one runs nothing -------------------------------------------
    def coroutine_function(self, node) -> bool:
        """An `async def` without decorators, or a generator-based coroutine whose one decorator is
        asyncio.coroutine (or types.coroutine, on a generator): docs/SEMANTICS.md B5. Calling it only
        makes a coroutine object; its body runs when a loop runs that object, which is another site (a
        run, create_task, ensure_future, ...) with its own category. A decorated async def is not one:
        the call runs the decorator's wrapper."""
        if not isinstance(node, cst.FunctionDef):
            return False
        if node.asynchronous is not None:
            return not node.decorators
        if len(node.decorators) != 1:
            return False
        meaning = self.analysis.resolve(node.decorators[0].decorator, self._scopes_of(node))
        return meaning == "asyncio.coroutine" or (meaning == "types.coroutine" and id(node) in self.facts.generators)

    def _scopes_of(self, node):
        """The scopes a def statement is executed in (its decorators, its name), innermost first."""
        found, child, parent = [], node, self.parent(node)
        while parent is not None:
            if isinstance(parent, (cst.FunctionDef, cst.Lambda)) and child is parent.body:
                found.append(parent)
            elif isinstance(parent, cst.ClassDef) and child is parent.body:
                found.append(parent)
            elif isinstance(parent, cst.Module):
                found.append(parent)
            child, parent = parent, self.parent(parent)
        return tuple(found)

    def _binding_scope_of_def(self, node):
        scopes = self._scopes_of(node)
        return scopes[0] if scopes else None

    def runs_nothing(self, site) -> bool:
        """The site names a coroutine function of this file by a bare name whose every binding, where it
        is read, is such a def: calling (or handing on) it runs none of its body."""
        if not isinstance(site.expr, cst.Name):
            return False
        name = site.terminal
        defs = self.facts.defs.get(name)
        if not defs:
            return False
        scope = self.analysis.binding_scope(name, site.frame.scopes())
        if scope is None:
            return False
        mine = [node for node in defs if self._binding_scope_of_def(node) is scope]
        return (bool(mine) and len(mine) == self.analysis.bindings_in(name, scope)
                and all(self.coroutine_function(node) for node in mine))

    def _maybe_coroutine_function(self, site) -> bool:
        """`obj.name(...)` where a def of that name in this file is a coroutine function: it may be that
        one, which runs nothing, or the def that touches the loop."""
        return isinstance(site.expr, cst.Attribute) and any(
            self.coroutine_function(node) for node in self.facts.defs.get(site.terminal, ()))

    @staticmethod
    def _enclosing_sync_defs(site):
        names, frame = [], site.frame
        while frame is not None and frame.kind != "async":
            if frame.kind in ("def", "class"):
                names.append(frame.node.name.value)
            frame = frame.parent
        return names

    def _timing(self, site):
        """(owner, anytime): the def whose call runs this code (None: import time) and whether it
        sits in a lambda, which may be called at any moment."""
        frame, anytime = site.frame, False
        while frame.kind in ("class", "genexp", "lambda"):
            anytime = anytime or frame.kind == "lambda"
            frame = frame.parent
        owner = None if frame.kind == "module" else frame.node
        # A decorator of this file or another may call the function at once, or keep it for a loop of hooks run at
        # import (`@run_now def configure(): ...set_event_loop(...)`: probe round 13, E W3): any moment.
        if isinstance(owner, cst.FunctionDef) and owner.decorators and self._called_by_decorator(owner):
            anytime = True
        return owner, anytime

    def _called_by_decorator(self, owner) -> bool:
        """Memoised per def (Lifecycle._decorated): _timing runs for every activity of the file on every scan."""
        found = self._decorated.get(id(owner))
        if found is None:
            found = self._decorated[id(owner)] = any(self._may_call(d) for d in owner.decorators)
        return found

    def _may_call(self, decorator) -> bool:
        target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
        return self.analysis.resolve(target, (self.analysis.module,)) not in _DECLARING_DECORATORS

    def _where(self, site) -> int:
        # An Attribute starts where its receiver does; its own name comes after the receiver runs.
        return self.span(site.expr.attr if isinstance(site.expr, cst.Attribute) else site.expr)[0]

    def scan(self, entry: Entry, boundary, direction: int, categories, inner=None, skip=(), exempt=None):
        """(category, label) of something in `categories` that may run before (direction -1) or after (+1) the
        statement `boundary` on the entry path, or None. Inside `boundary`, code before or inside
        `inner` runs before it and code outside `inner` counts as after (-1/+1 respectively); without
        `inner` all of it counts both ways. Sites in `skip` (nodes) are the pattern itself; activities
        `exempt(site)` accepts, and calls of functions that only do such things, do not count."""
        if entry.fn is not None and entry.call is None:
            return "call", "the entry function's call"
        best = None  # certain before maybe, then the nearest, so the report names what really blocks
        for hit in self.hits(entry, boundary, direction, categories, inner, skip, exempt):
            if best is None or hit.rank > best.rank:
                best = hit
        return best.label if best else None

    def hits(self, entry: Entry, boundary, direction: int, categories, inner=None, skip=(), exempt=None):
        """Every Hit that scan() weighs (its arguments), for callers that need more than the nearest;
        entry.call must be known."""
        if entry.call is not None:
            skip = tuple(skip) + (entry.call.func,)
        touching = self.touching(frozenset(categories), exempt)
        candidates = [(site, (category, label), True) for site, category, label in self.activities()
                      if category in categories and not (exempt and exempt(site))]
        for name in touching:
            for site in self.sites_by_name.get(name, ()):
                if self.runs_nothing(site) or self.in_loop_class_policy(site):
                    continue  # a coroutine function of this file that shares its name with one that touches,
                    # or a loop class named by a policy class that only chooses it: nothing runs there
                if self._maybe_coroutine_function(site):
                    label = "%s() (a def of that name does %s; the async def %s() of this file would run nothing)" % (
                        site.terminal, touching[name][1], site.terminal)
                    candidates.append((site, (touching[name][0], label), False))
                else:
                    candidates.append((site, (touching[name][0], "%s() (%s)" % (site.terminal, touching[name][1])),
                                       True))
        for site, label, certain in candidates:
            if any(self.inside(site.expr, node) for node in skip) or self._thread_target(site):
                continue
            owner, anytime = self._timing(site)
            if owner is None:
                anchor = entry.call if entry.fn is not None else boundary
            elif entry.fn is not None and owner is entry.fn:
                anchor = boundary
            elif anytime and isinstance(owner, cst.FunctionDef) and owner.decorators:
                anchor = entry.call if entry.fn is not None else boundary  # a decorated def: its decorator may run it
            else:
                continue
            where, (start, end) = self._where(site), self.span(anchor)
            if direction < 0 and not anytime and where < start and self._leaves_first(site.expr, anchor):
                continue  # in a branch that returns or raises before the path reaches the boundary
            hit = anytime
            if not hit and start <= where < end:
                if anchor is not boundary or inner is None:
                    hit = True
                else:
                    in_inner = self.inside(site.expr, inner)
                    # A call runs after its arguments: f(<inner>) calls f after inner.
                    wraps = site.call is not None and self.inside(inner, site.call)
                    hit = (in_inner or (where < self.span(inner)[0] and not wraps)) if direction < 0 \
                        else not in_inner
            elif not hit:
                hit = where < start if direction < 0 else where >= end
            # Sites in the entry function are nearer than module code before its call.
            if hit:
                yield Hit((certain, owner is not None, where * -direction), label, site, owner, anytime, where)

    def _leaves_first(self, node, anchor) -> bool:
        """`node` is in a block (of an if, elif or else) that ends with `return` or `raise`, does not hold
        `anchor` and has no `break`/`continue` of a loop around it, with no try or with around that block in
        its function: whatever that block runs, the function then returns or raises, so it never goes on to
        `anchor` (an exception in it propagates, since nothing around it can catch or swallow it)."""
        block = None
        up = self.parent(node)
        while up is not None and not isinstance(up, (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.Module)):
            if isinstance(up, (cst.Try, cst.TryStar, cst.With)):
                return False
            if block is None and isinstance(up, cst.IndentedBlock) and isinstance(self.parent(up), (cst.If, cst.Else)) \
                    and up.body and _exits(up.body[-1]) and not self.inside(anchor, up) and not _leaves_loop(up):
                block = up
            up = self.parent(up)
        return block is not None

    # -- entry path -----------------------------------------------------------------------------
    def entry(self, site) -> Tuple[Optional[Entry], Optional[str]]:
        """The entry a site runs in and, when it may run more than once or off the main thread, why."""
        kind = self.analysis.entry_kind(site)
        if kind is None:
            return None, None
        if kind == "main-guard":
            entry = Entry(kind)
            return entry, self.repeats(site.expr, None)
        fn = site.frame.node
        entry = Entry(kind, fn)
        if fn.decorators:
            return entry, "the entry function %s() is decorated, so the decorator decides how often and in " \
                          "which thread it runs" % fn.name.value
        calls = [s.call for s in self.sites_by_name.get(fn.name.value, ())
                 if s.call is not None and isinstance(s.expr, cst.Name) and s.frame.kind == "module"]
        if len(calls) != 1:
            return entry, "%s() is called %d times by the main guard" % (fn.name.value, len(calls))
        entry.call = calls[0]
        return entry, self.repeats(entry.call, None) or self.repeats(site.expr, fn)

    def repeats(self, node, stop) -> Optional[str]:
        node = self.parent(node)
        while node is not None and node is not stop:
            if isinstance(node, _ITERATION):
                return "it is inside a loop, comprehension or nested function and may run more than once"
            node = self.parent(node)
        return None

    def _thread_target(self, site) -> bool:
        """`threading.Thread(target=f)`: f runs in another thread, with a loop of its own (P14), unless some `x.run()`
        may run a thread's target in the calling thread (`Thread(target=worker).run()`: probe round 13, E W4)."""
        if getattr(self.analysis, "runs_target_inline", True):
            return False
        arg = self.parent(site.expr)
        call = self.parent(arg)
        return (isinstance(arg, cst.Arg) and arg.value is site.expr and arg.keyword is not None
                and arg.keyword.value == "target" and isinstance(call, cst.Call)
                and self.analysis.resolve(call.func, site.frame.scopes()) == "threading.Thread")

    def thread_target_only(self, fn) -> bool:
        """Every reference to fn is `threading.Thread(target=fn)`: it runs alone in a fresh thread."""
        return thread_target_only(self.analysis, fn)
