"""What provably holds the loop running a coroutine, read in its body (docs/SEMANTICS.md P15 rules 2, 6
and 7): a loop getter called in place, a local of the coroutine assigned once from one (rule 2), a name
every call of the coroutine function fills with the loop that runs it (rule 6, loop_from_callers.py), or
`S.X` assigned from the running loop earlier in the same step (rule 7)."""
from typing import Dict, FrozenSet, Optional

import libcst as cst

from .asyncio_api import LOOP_GETTERS
from .code_text import short_text
from .coroutine_facts import CoroutineFacts, suspension_between
from .loop_from_callers import DYNAMIC_LOOKUPS, LoopFromCallers
from .syntax import dotted_parts, is_none, string_values


def loop_getter(analysis, expr, scopes) -> Optional[str]:
    """'asyncio.get_running_loop' / 'asyncio.get_event_loop' when expr calls one with no argument."""
    if not isinstance(expr, cst.Call) or expr.args:
        return None
    meaning = analysis.resolve(expr.func, scopes)
    return meaning if meaning in LOOP_GETTERS else None


def _stores_attribute(target, attr: str) -> bool:
    if isinstance(target, cst.Attribute):
        return target.attr.value == attr
    if isinstance(target, (cst.Tuple, cst.List)):
        return any(_stores_attribute(element.value, attr) for element in target.elements)
    if isinstance(target, cst.StarredElement):
        return _stores_attribute(target.value, attr)
    return False


class RunningLoop:
    """Whether a value read in a coroutine's body is the loop running that coroutine, with the reason
    when that is not provable (docs/SEMANTICS.md P15 rules 2, 6 and 7). One per module version.

    `analysis` records the sites of the loop getters; `callers(name)` gives the sites of a function's
    name (a wider analysis, built when a parameter is first asked about); `script_only` is the project
    model's proof that no other module imports this file (ctx.script_only); `project` its facts (ctx.project)."""

    def __init__(self, module, analysis, tree, callers, script_only: bool, project: Optional[dict] = None):
        self.module, self.analysis, self.tree = module, analysis, tree
        self._facts: Dict[int, CoroutineFacts] = {}
        self._stores: Dict[str, Optional[str]] = {}
        self._getters: Optional[FrozenSet[int]] = None
        self._strings: Optional[FrozenSet[str]] = None
        self.from_callers = LoopFromCallers(self, callers, script_only, project)

    def parent_of(self, node):
        return self.tree.parent.get(id(node))

    def facts(self, function: cst.FunctionDef) -> CoroutineFacts:
        found = self._facts.get(id(function))
        if found is None:
            found = self._facts[id(function)] = CoroutineFacts(function)
        return found

    @property
    def getter_calls(self) -> FrozenSet[int]:
        """ids of the calls of asyncio.get_running_loop() / get_event_loop() with no argument, anywhere."""
        if self._getters is None:
            self._getters = frozenset(id(site.call) for site in self.analysis.sites
                                      if site.call is not None and not site.call.args
                                      and self.analysis.resolve(site.expr, site.frame.scopes()) in LOOP_GETTERS)
        return self._getters

    @property
    def strings(self) -> FrozenSet[str]:
        if self._strings is None:
            self._strings = string_values(self.tree)
        return self._strings

    # -- what a value is, in a coroutine's body -------------------------------------------------
    def value(self, site, expr, seen=frozenset()) -> Optional[str]:
        """None when `expr`, read by site.call directly in a coroutine's body, is the loop running that
        coroutine: a loop getter called in place, a local (rule 2), a parameter (rule 6) or `S.X` (rule 7)."""
        if loop_getter(self.analysis, expr, site.frame.scopes()):
            return None
        if isinstance(expr, cst.Name):
            function = site.frame.node
            if expr.value in self.facts(function).params:
                why = self.parameter(function, expr.value, seen)
                return None if why is None else "'%s' is a parameter of %s(): %s" % (
                    expr.value, function.name.value, why)
            return self.local(site, expr.value)
        parts = dotted_parts(expr)
        if parts is not None and len(parts) == 2:
            return self.attribute(site, expr)
        return "'%s' is not a loop getter, a local, a parameter or an attribute of one" % short_text(expr)

    def local(self, site, name: str) -> Optional[str]:
        """Rule 2: a local of this coroutine assigned once from a loop getter, in a statement that always
        runs before the call (not global/nonlocal, not in an async generator); a name it does not bind:
        rule 6's closure form (free_variable)."""
        facts = self.facts(site.frame.node)
        if name in facts.declared:
            return "'%s' is declared global/nonlocal: it may hold another loop" % name
        if not facts.bindings.get(name):
            why = self.free_variable(site, name)
            return None if why is None else "'%s' is not a local of this coroutine, and not provably the loop " \
                                             "that runs it: %s" % (name, why)
        statement, source = facts.single_assignment(name)
        if statement is None:
            return "'%s' is assigned more than once; it may hold another loop" % name
        if source is None or not loop_getter(self.analysis, source, site.frame.scopes()):
            return "'%s' does not come from asyncio.get_running_loop() in this coroutine" % name
        if not facts.dominates(statement, site.call, self.parent_of):
            return "'%s = ...' does not always run before this call" % name
        if site.frame.node.asynchronous is not None and facts.is_async_generator:
            return "'%s' is kept across yields of an async generator, which another loop may resume" % name
        return None

    # -- rule 6, in loop_from_callers.py ----------------------------------------------------------
    def parameter(self, function: cst.FunctionDef, name: str, seen=frozenset()) -> Optional[str]:
        """Rule 6 for a parameter of the coroutine function (LoopFromCallers.parameter)."""
        return self.from_callers.parameter(function, name, seen)

    def free_variable(self, site, name: str) -> Optional[str]:
        """Rule 6's closure form (LoopFromCallers.free_variable)."""
        return self.from_callers.free_variable(site, name)

    # -- rule 7: `S.X` assigned from the running loop earlier in the same step ---------------------
    def attribute(self, site, expr) -> Optional[str]:
        owner, attr = dotted_parts(expr)
        function = site.frame.node
        facts = self.facts(function)
        if facts.bindings.get(owner) or owner in facts.declared:
            return "'%s' is reassigned in this coroutine" % owner
        params = function.params if isinstance(function, cst.FunctionDef) else None
        if params is None or owner not in {p.name.value for p in (*params.posonly_params, *params.params,
                                                                  *params.kwonly_params)}:
            # A module or enclosing name may be rebound by any call in between, to an object whose `.X` was set
            # some other way (`ctx = SimpleNamespace(loop=spare)`: probe round 12, B p08); a parameter may not.
            return "'%s' is not a parameter of this coroutine: code it calls may rebind it" % owner
        scopes = site.frame.scopes()
        assigned = [a for a in facts.attribute_assignments.get((owner, attr), ())
                    if loop_getter(self.analysis, a.value, scopes) and facts.dominates(a, site.call, self.parent_of)]
        others = self.stores(attr)
        if not assigned:
            if others is None:
                return ("every assignment of '.%s' in this file takes the running loop, but none always runs "
                        "earlier in this coroutine: a coroutine may run on another loop than the one that ran the "
                        "assignment (the object may outlive its loop, or serve a second asyncio.run())" % attr)
            return "'%s' is not assigned from asyncio.get_running_loop() earlier in this coroutine" % short_text(expr)
        last = max(assigned, key=lambda a: self.tree.span[id(a)][0])
        pause = suspension_between(self.tree, function, last, expr)
        if pause is not None:
            return ("%s between '%s = ...' and this call may let code on another loop assign it" %
                    (pause, short_text(expr)))
        return others

    def stores(self, attr: str) -> Optional[str]:
        """None when every store of an attribute named `attr` in this file is `<expr>.attr = <loop getter>()`
        (run during a coroutine's step, a getter returns the loop running it) or `<expr>.attr = None`;
        else what else stores it."""
        if attr not in self._stores:
            self._stores[attr] = self._other_store(attr)
        return self._stores[attr]

    def _other_store(self, attr: str) -> Optional[str]:
        for node in self.tree.nodes:
            kind = type(node)
            if kind is cst.Assign:
                if any(_stores_attribute(target.target, attr) for target in node.targets) and not (
                        len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Attribute)
                        and self._running_or_none(node.value)):
                    return "'.%s' is also assigned something else (%s)" % (attr, short_text(node))
            elif kind is cst.AnnAssign:
                if _stores_attribute(node.target, attr) and (node.value is None
                                                             or not self._running_or_none(node.value)):
                    return "'.%s' is also assigned something else (%s)" % (attr, short_text(node))
            elif kind in (cst.AugAssign, cst.Del, cst.For, cst.CompFor):
                if _stores_attribute(node.target, attr):
                    return "'.%s' is also assigned something else (%s)" % (attr, short_text(node.target))
            elif kind is cst.WithItem:
                if node.asname is not None and _stores_attribute(node.asname.name, attr):
                    return "'.%s' is also assigned by a with statement" % attr
            elif kind is cst.Attribute and node.attr.value == "__dict__":
                return "this file uses __dict__, which may set '.%s'" % attr
        for lookup in DYNAMIC_LOOKUPS:
            if self.analysis.name_loads[lookup]:
                return "this file calls %s(), which may set '.%s' by name" % (lookup, attr)
        if attr in self.strings:
            return "'%s' is named in a string (setattr, __dict__)" % attr
        return None

    def _running_or_none(self, value) -> bool:
        """A loop getter (the loop running the code that assigns it), or None (loop=None is the API's
        own default, so reading it there is the same as dropping loop=)."""
        return id(value) in self.getter_calls or is_none(value)
