"""Rule 6 of docs/SEMANTICS.md P15: a name read in a coroutine function's body that every call of the
function fills with the loop that runs it. A parameter: each call in the file is the coroutine of a task
of the loop it passes, or awaited where what it passes is the caller's own running loop. A variable of the
enclosing function or module: each call is the one argument of `name.run_until_complete()` there. Every
run of the function must start at one of those calls. Each answer is None when proven, else why not."""
from typing import Dict, Optional

import libcst as cst

from .code_text import short_text
from .coroutine_facts import target_names
from .loop_args import awaited_directly, rebinds, task_loop
from .syntax import all_params, dotted_parts, is_none, param_names, positional_params

# A file that calls one of these may reach a function or an attribute by its name as a string.
DYNAMIC_LOOKUPS = ("globals", "locals", "vars", "eval", "exec", "setattr")
_NONE_DEFAULT = object()  # the caller leaves the parameter to its `None` default


def private(name: str) -> bool:
    """`_name` but not `__name__`: by convention, not part of what other modules call. Not `_C__name` either: in
    a class C, `__name` is mangled to it, so a method's `__name()` calls it unseen (probe round 15, A m03, m04)."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and "__" not in name[1:]


def _argument(call: cst.Call, params: cst.Parameters, param: cst.Param):
    """What `call` passes for `param`: an expression, _NONE_DEFAULT, or why it cannot be told (a str)."""
    if any(arg.star for arg in call.args):
        return "unpacks its arguments"
    name = param.name.value
    positional = [arg.value for arg in call.args if arg.keyword is None]
    order = positional_params(params)
    index = next((i for i, p in enumerate(order) if p is param), None)
    if index is not None and index < len(positional):
        return positional[index]
    if not any(p is param for p in params.posonly_params):
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg.value
    if param.default is not None and is_none(param.default):
        return _NONE_DEFAULT
    return "leaves '%s' to its default" % name


class LoopFromCallers:
    """Rule 6 for one module version, part of a RunningLoop (`running`: its coroutine facts, its proof
    that a caller passes its own running loop, and the strings of the file). `callers(name)` gives the
    sites of a function's name; `script_only` is the project model's proof that no other module imports
    this file (ctx.script_only)."""

    def __init__(self, running, callers, script_only: bool, project: Optional[dict] = None):
        self.running = running
        self.project = project
        self.module, self.analysis, self.tree = running.module, running.analysis, running.tree
        self._callers = callers
        self.script_only = script_only
        self._params: Dict[tuple, Optional[str]] = {}

    def parent_of(self, node):
        return self.tree.parent.get(id(node))

    def parameter(self, function: cst.FunctionDef, name: str, seen=frozenset()) -> Optional[str]:
        """None when every call of `function` fills its parameter `name` with the loop that runs it; `seen`:
        the (function, parameter) pairs whose callers are being checked already (a cycle proves nothing)."""
        key = (id(function), name)
        if key in seen:
            return "%s() is part of a cycle of calls that pass it on" % function.name.value
        if not seen and key in self._params:
            return self._params[key]
        why = self._parameter(function, name, seen | {key})
        if not seen:
            self._params[key] = why
        return why

    def _parameter(self, function, name, seen) -> Optional[str]:
        title = function.name.value
        facts = self.running.facts(function)
        if facts.bindings.get(name) or name in facts.declared:
            return "it is reassigned in %s()" % title
        param = next(p for p in all_params(function.params) if p.name.value == name)
        if param is function.params.star_arg or param is function.params.star_kwarg:
            return "it collects extra arguments"
        why = self._calls_not_all_here(function)
        if why is not None:
            return why
        for site in self._callers(title):
            why = self._caller(site, function, param, seen)
            if why is not None:
                return why
        return None

    def _calls_not_all_here(self, function) -> Optional[str]:
        """Why this coroutine function may run other than by the loads of its name in this file (None:
        every run starts at one of them, and each is a call that makes a coroutine of its body)."""
        title = function.name.value
        if function.asynchronous is not None and function.decorators:
            return "%s() is decorated, and the decorator decides how it is called" % title
        if function.asynchronous is not None and self.running.facts(function).is_async_generator:
            return "%s() is an async generator, which another loop may resume" % title
        bindings = self.analysis.bindings.get(title, ())
        if len(bindings) != 1:
            return "'%s' is bound more than once in this file" % title
        scope = bindings[0].scope
        if isinstance(scope, cst.ClassDef):
            return "%s() is a method, whose calls cannot be found by name" % title
        if scope is self.module:
            if title in self.analysis.exported:
                return "%s() is in __all__: other modules may call it with another loop" % title
            if not private(title) and not self.script_only and not self._unreached(title):
                return ("%s() is public, so other modules may call it with another loop (a private name, a "
                        "file the project model shows no module imports, or application code no other module "
                        "takes it from, would be provable)" % title)
        sites = self._callers(title)
        for site in sites:
            if not isinstance(site.expr, cst.Name):
                return "'%s' is also read as an attribute (%s)" % (title, short_text(site.expr))
        for lookup in DYNAMIC_LOOKUPS:
            if self.analysis.name_loads[lookup]:
                return "this file calls %s(), which may reach %s() by name" % (lookup, title)
        if title in self.running.strings:
            return "'%s' is named in a string, so it may be looked up by name" % title
        if not sites:
            return "%s() is not called in this file" % title
        return None

    def _unreached(self, name: str) -> bool:
        """Application code (P2a rule 3) from which no other project module can take `name` at all."""
        from .sync_callers import outside_callers  # sync_callers imports this module
        project = self.project
        return bool(project and project.get("application") is True
                    and outside_callers(project, name, coroutine_callers=False) is None)

    # -- closure form: a variable of the scope that runs the coroutine with it ------------------
    def free_variable(self, site, name: str) -> Optional[str]:
        """None when `name`, read in the site's coroutine but bound in an enclosing function or the module
        (scope S), is the loop that runs the coroutine: every call of the coroutine function is the one
        argument of `name.run_until_complete()` written directly in S, which is blocked in that call while
        the coroutine runs, and nothing else can rebind `name` meanwhile (no global or nonlocal names it)."""
        function = site.frame.node
        outer = self.analysis.binding_scope(name, site.frame.scopes())
        if outer is None or outer is function:
            return "'%s' is not bound where this coroutine can see it" % name
        title = function.name.value
        # `global v` anywhere rebinds a module's v; `nonlocal v` in a function nested in S rebinds S's.
        kind, (first, last) = (cst.Global, (0, len(self.tree.nodes))) if outer is self.module else (
            cst.Nonlocal, self.tree.span[id(outer)])
        for node in self.tree.nodes[first:last]:
            if isinstance(node, kind) and any(item.name.value == name for item in node.names):
                return "'%s' is declared %s in this file, so code may rebind it while %s() runs" % (
                    name, "global" if kind is cst.Global else "nonlocal", title)
        why = self._bound_once(outer, name)
        if why is not None:
            return why
        why = self._calls_not_all_here(function)
        if why is not None:
            return why
        for caller in self._callers(title):
            shown = short_text(caller.call) if caller.call is not None else title
            if caller.call is None:
                return "'%s' is used without being called, so it may be called elsewhere" % title
            scopes = caller.frame.scopes()
            carrier = task_loop(caller.call, self.parent_of, lambda expr: self.analysis.resolve(expr, scopes))
            if (carrier is None or carrier[0] != "run_until_complete" or not isinstance(carrier[1], cst.Name)
                    or carrier[1].value != name):
                return ("%s is not the one argument of %s.run_until_complete() (the only call that keeps '%s' "
                        "bound to the loop running it)" % (shown, name, name))
            if caller.frame.kind == "genexp" or caller.frame.node is not outer or \
                    self.analysis.binding_scope(name, scopes) is not outer:
                return "%s runs %s() outside the scope that binds '%s', which may rebind it meanwhile" % (
                    short_text(self.parent_of(self.parent_of(caller.call))), title, name)
        return None

    def _caller(self, site, function, param, seen) -> Optional[str]:
        """None when this load of the function's name is a call that runs it in the loop it passes."""
        call = site.call
        if call is None:
            return "'%s' is used without being called, so it may be called elsewhere" % function.name.value
        shown = short_text(call)
        value = _argument(call, function.params, param)
        if value is _NONE_DEFAULT:
            return None  # loop=None: the API's own default
        if isinstance(value, str):
            return "%s %s" % (shown, value)
        parts = dotted_parts(value)
        scopes = site.frame.scopes()
        carrier = task_loop(call, self.parent_of, lambda expr: self.analysis.resolve(expr, scopes))
        if carrier is not None and parts is not None and dotted_parts(carrier[1]) == parts:
            if rebinds(call, parts[0]):
                return "%s rebinds '%s' inside the call" % (shown, parts[0])
            return None
        if awaited_directly(call, self.parent_of) and site.in_coroutine_body:
            why = self.running.value(site, value, seen)
            return None if why is None else "%s passes %s, which is not provably its own running loop: %s" % (
                shown, short_text(value), why)
        return ("%s is not run by the loop it passes (as in X.run_until_complete(f(X)), X.create_task(f(X)), "
                "ensure_future(f(X), loop=X), or await f(<the caller's running loop>))" % shown)

    def _bound_once(self, outer, name: str) -> Optional[str]:
        """None when `name` has one binding in `outer`, a parameter or a plain assignment outside any loop:
        it takes one value per run of that scope, so a task of the coroutine left pending by an interrupted run and
        resumed later still reads the loop it runs on."""
        if self.analysis.bindings_in(name, outer) != 1:
            return "'%s' is bound more than once where it is defined" % name
        first, last = self.tree.span[id(outer)]
        nodes, bodies, skip_to = self.tree.nodes, set(), -1
        for index in range(first, last):
            if index < skip_to:
                continue
            node = nodes[index]
            if id(node) in bodies:
                skip_to = self.tree.span[id(node)][1]
                continue
            if node is not outer and isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                bodies.add(id(node.body))
            if isinstance(node, (cst.Assign, cst.AnnAssign)):
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                if any(name in target_names(target) for target in targets):
                    parent = self.parent_of(node)
                    while parent is not None and parent is not outer:
                        if isinstance(parent, (cst.For, cst.While)):
                            return "'%s' is assigned in a loop, so it may change between runs" % name
                        parent = self.parent_of(parent)
                    return None
        if isinstance(outer, (cst.FunctionDef, cst.Lambda)) and name in param_names(outer.params):
            return None  # a parameter, bound once per call
        return "'%s' is not bound by a plain assignment or a parameter (a for, with, except or import binds it)" % name
