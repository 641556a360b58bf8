"""P15 rule 8 (docs/SEMANTICS.md): `loop=v` where v is, at the call, the loop get_event_loop() returns.

Up to 3.9, `gather`, `shield` and the primitives without `loop=` take `get_event_loop()` when called (B2).
Right after `v = asyncio.get_event_loop()` in the same block that is v: a loop running in the thread is
still running (sync code in between cannot end it), and with none running the policy's current loop is
still the one that call returned or made current, provided nothing in between can set another loop, run
one, install a policy or rebind v. Here "nothing" is checked by syntax: the statements in between (and
whatever the call's own statement evaluates before the API runs) call only asyncio APIs that make
objects or coroutines and this file's undecorated `async def`s (calling one runs none of its body), and
read only names, constants, literals and attributes that no property or __getattr__ of this file serves.

In entry code (a main guard's block, or a script-only module's: no loop runs there) `asyncio.set_event_loop(v)`
makes v the loop get_event_loop() returns just as well (P3e). From 3.10 the original call raises TypeError and
the behaviour kept is 3.9's: without `loop=` these APIs take the same current loop there, silently since one
is set (B1)."""
import re
from typing import Optional, Tuple

import libcst as cst

from .asyncio_api import GET_EVENT_LOOP, PATCHED_GETTER, PRIMITIVES, SET_EVENT_LOOP
from .setup_current_loop import setup_anchor
from .syntax import dotted_parts
from .thread_entry import thread_entry

# Take the current loop when called, up to 3.9 (and gather/shield also from 3.10, outside a coroutine).
CURRENT_LOOP_APIS = PRIMITIVES | {"gather", "shield"}
# asyncio calls that neither set, run nor read-and-replace the current loop: they make an object bound to
# a loop, or (the coroutine functions) only a coroutine object. gather/shield wrap coroutines in tasks,
# which runs the loop's task factory: trusted, as P15 rules 4 and 6 trust it.
_INERT_ASYNCIO = PRIMITIVES | {"gather", "shield", "sleep", "wait", "wait_for", "open_connection",
                               "open_unix_connection", "create_subprocess_exec", "create_subprocess_shell"}
_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis)
_DISPLAYS = (cst.List, cst.Tuple, cst.Set)
# `*[...]` in a call unpacks a list or tuple made right there: no code runs.
_SEQUENCES = (cst.List, cst.Tuple, cst.ListComp)
# A special method other than those only a call runs (`__init__`, `__new__`, `__init_subclass__`), or bound
# without a def (`__del__ = _release`).
_SPECIAL_DEF = re.compile(r"\bdef\s+__(?!(?:init|new|init_subclass|class_getitem)__)\w+__\s*\(|^\s*__\w+__\s*=(?!=)", re.M)
_DEFERRED = (cst.Lambda, cst.FunctionDef, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp,
             cst.GeneratorExp)


class _Check:
    def __init__(self, env, scopes, name):
        self.env, self.scopes, self.name = env, scopes, name
        self.analysis = env.analysis

    def resolve(self, expr):
        return self.analysis.resolve(expr, self.scopes)

    def inert(self, node) -> Optional[str]:
        """Why evaluating `node` may run code that changes the current loop (or rebinds v), or None."""
        if isinstance(node, cst.Name) or isinstance(node, _LITERALS):
            return None
        if isinstance(node, _DISPLAYS):
            return self._all(element.value for element in node.elements
                             if not isinstance(element, cst.StarredElement)) or self._starred(node.elements)
        if isinstance(node, cst.Dict):
            if any(not isinstance(element, cst.DictElement) for element in node.elements):
                return "an unpacking runs code"
            return self._all(part for element in node.elements for part in (element.key, element.value))
        if isinstance(node, cst.Attribute):
            return self._read(node) or self.inert(node.value)
        if isinstance(node, cst.Call):
            return self._call(node)
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            return self._comprehension(node)
        return "%s runs code" % _kind(node)

    def _comprehension(self, node) -> Optional[str]:
        """`[f(x) for x in ROWS]`: iterating a list, tuple or set display (in place, or a module-level name bound
        once to one) runs no code, whatever its items; storing into plain names neither; the conditions and the
        element are checked like any expression (probe: `gather(*[transform(r) for r in ROWS], loop=loop)`)."""
        clause = node.for_in
        while clause is not None:
            if clause.asynchronous is not None:
                return "an async comprehension runs code"
            # A plain name only: unpacking an item calls its __iter__, a filter its __bool__ (probe round 6).
            if not isinstance(clause.target, cst.Name):
                return "unpacking each item may run code"
            if clause.ifs:
                return "a filter calls each item's __bool__, which may run code"
            why = self._iterated(clause.iter)
            if why:
                return why
            clause = clause.inner_for_in
        return self.inert(node.elt)

    def _iterated(self, node) -> Optional[str]:
        if isinstance(node, _DISPLAYS):
            return self.inert(node)
        if isinstance(node, cst.Name):
            visible = self.analysis.visible_bindings(node.value, self.scopes)
            module = self.analysis.module
            # A star import may rebind it (`from local_settings import *`).
            if len(visible) == 1 and visible[0].scope is module and visible[0].qualname is None \
                    and not self.analysis.star_modules():
                values = [small.value for line in module.body if isinstance(line, cst.SimpleStatementLine)
                          for small in line.body if isinstance(small, cst.Assign) and len(small.targets) == 1
                          and isinstance(small.targets[0].target, cst.Name)
                          and small.targets[0].target.value == node.value]
                if len(values) == 1 and isinstance(values[0], _DISPLAYS):
                    return None
        return "iterating %s may run code" % _text(self.env, node)

    def _definition(self, node: cst.FunctionDef) -> Optional[str]:
        """A def statement runs its decorators, default values and annotations, then binds its name."""
        if node.decorators:
            return "a decorator of %s() runs code" % node.name.value
        if node.name.value == self.name:
            return "'%s' is rebound before the call" % self.name
        params = node.params
        every = list(params.params) + list(params.posonly_params) + list(params.kwonly_params) + [
            p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
        parts = [p.default for p in every if p.default is not None]
        # Annotations are evaluated too, unless postponed: checked either way.
        parts += [p.annotation.annotation for p in every if p.annotation is not None]
        parts += [node.returns.annotation] if node.returns is not None else []
        return self._all(parts)

    def _all(self, nodes) -> Optional[str]:
        for node in nodes:
            why = self.inert(node)
            if why:
                return why
        return None

    @staticmethod
    def _starred(elements) -> Optional[str]:
        return "an unpacking runs code" if any(isinstance(e, cst.StarredElement) for e in elements) else None

    def _read(self, node: cst.Attribute) -> Optional[str]:
        hooks = self.env.attribute_hooks
        if "*" in hooks or node.attr.value in hooks:
            return "reading .%s may run a property or __getattr__ of this file" % node.attr.value
        return None

    def _call(self, call: cst.Call) -> Optional[str]:
        if any(arg.star for arg in call.args):
            return "an unpacking runs code"
        meaning = self.resolve(call.func)
        inert = (isinstance(meaning, str) and meaning.startswith("asyncio.")
                 and meaning.split(".", 1)[1] in _INERT_ASYNCIO) or self._coroutine_function(call.func)
        if not inert:
            return "%s() may run code that sets or runs a loop" % _text(self.env, call.func)
        return self._all(arg.value for arg in call.args)

    def _coroutine_function(self, func) -> bool:
        """An undecorated `async def` of this file at module level or directly in the enclosing function's
        body, the name's one binding: calling it makes a coroutine and runs nothing."""
        if not isinstance(func, cst.Name):
            return False
        visible = self.analysis.visible_bindings(func.value, self.scopes)
        if len(visible) != 1 or visible[0].qualname is not None:
            return False
        scope = visible[0].scope
        if scope is self.analysis.module:
            defs = self.analysis.module_functions.get(func.value, [])
        elif isinstance(scope, cst.FunctionDef) and isinstance(scope.body, cst.IndentedBlock):
            defs = [s for s in scope.body.body if isinstance(s, cst.FunctionDef) and s.name.value == func.value]
        else:
            return False
        return len(defs) == 1 and defs[0].asynchronous is not None and not defs[0].decorators

    def statement(self, small) -> Optional[str]:
        """A statement between the anchor and the call: it must run nothing and leave v alone."""
        if isinstance(small, cst.Pass):
            return None
        if isinstance(small, cst.FunctionDef):
            return self._definition(small)
        if isinstance(small, cst.Expr):
            return self.inert(small.value)
        if isinstance(small, cst.Assign):
            for target in small.targets:
                if not isinstance(target.target, cst.Name):
                    return "a store into %s may run code" % _kind(target.target)
                if target.target.value == self.name:
                    return "'%s' is rebound before the call" % self.name
            return self.inert(small.value)
        return "%s runs code" % _kind(small)


def current_loop(site, value, api_name: str, env, scopes) -> Tuple[Optional[str], Optional[str]]:
    """(why it is the current loop, None) when `loop=value` is, at the call, the loop get_event_loop()
    would return there; (None, why not) when an anchor statement exists but the proof fails; (None, None)
    when there is no anchor."""
    if api_name not in CURRENT_LOOP_APIS:
        return None, None
    if isinstance(value, cst.Name):
        name = value.value
    elif isinstance(value, cst.Attribute) and isinstance(value.value, cst.Name):
        name = value.value.value  # self.X: stored by the anchor, or by a test's setUp() (setup_current_loop)
        if "__setattr__" in env.ctx.source:
            return None, None  # a store may keep something else than it is given
    else:
        return None, None
    parent_of = env.parent_of
    path = []  # the call's ancestors up to its statement
    node = site.call
    while not isinstance(node, cst.SimpleStatementLine):
        node = parent_of(node)
        if node is None or isinstance(node, _DEFERRED) or isinstance(node, cst.BaseCompoundStatement):
            return None, None
        path.append(node)
    line = node
    block = parent_of(line)
    if not isinstance(block, (cst.IndentedBlock, cst.Module)):
        return None, None
    check = _Check(env, scopes, name)
    anchor = None
    between = []
    body = list(block.body)
    for statement in reversed(body[:body.index(line)]):
        if isinstance(statement, cst.FunctionDef):
            between.append(statement)  # a def only binds its name (its header is checked below)
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            return None, None
        for small in reversed(statement.body):
            kind = _anchor(check, small, block, value)
            if kind:
                anchor = kind
                break
            between.append(small)
        if anchor:
            break
    setup_why = None
    if anchor is None and isinstance(value, cst.Attribute):
        setup_why, why = setup_anchor(check, block, value)
        if setup_why is None:
            return None, why
        anchor = "setUp"
    if anchor is None:
        return None, None
    if "set_event_loop_policy" in env.ctx.source:
        return None, "this file installs an event loop policy, which decides what get_event_loop() returns"
    if PATCHED_GETTER.search(env.ctx.source):
        return None, ("this file patches get_event_loop (mock.patch or a store), which the API without loop= "
                      "would not call")
    for small in between:
        why = check.statement(small)
        if why:
            return None, why
    if between and _SPECIAL_DEF.search(env.ctx.source):
        # A dict display hashes its keys, a rebinding may drop an object's last reference: code of a special method
        # runs in between, unseen (probe round 12, B p09 a lazy __hash__, p43 a __del__ setting another loop).
        return None, "this file defines special methods, which code between may run (a hash, a finalizer)"
    dunders = ((env.ctx.project or {}).get("importedEffects") or {}).get("dunders")
    if between and dunders:
        return None, "project module %s, imported here, defines special methods, which code between may run" % dunders
    why = _before_call(check, site.call, path, line)
    if why:
        return None, why
    if setup_why is not None:
        return setup_why, None
    if anchor == "get":
        return ("it is the current loop: '%s' is what get_event_loop() returned just before, with nothing between "
                "that can change it" % _text(env, value)), None
    where = "entry code" if anchor == "set" else "the thread's own function, where no loop runs,"
    return ("it is the current loop: %s set it with set_event_loop(%s) just before, with nothing between that can "
            "change it" % (where, _text(env, value))), None


def _anchor(check, small, block, value) -> Optional[str]:
    """'get' for `v = asyncio.get_event_loop()`; 'set' for `asyncio.set_event_loop(v)` in entry code, 'thread'
    in a thread's own function (thread_entry: no loop runs there either). v is a name or `name.attribute`."""
    if isinstance(small, cst.Assign) and len(small.targets) == 1:
        target = small.targets[0].target
        call = small.value
        if _same(target, value) and isinstance(call, cst.Call) \
                and not call.args and check.resolve(call.func) == GET_EVENT_LOOP:
            return "get"
    if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
        call = small.value
        if check.resolve(call.func) == SET_EVENT_LOOP and len(call.args) == 1 and not call.args[0].keyword \
                and not call.args[0].star and _same(call.args[0].value, value):
            if check.analysis.entry_block(block):
                return "set"
            if thread_entry(check.env, block):
                return "thread"
    return None


def _same(node, value) -> bool:
    """The same name, or the same `name.attribute`, as the value."""
    return dotted_parts(node) == dotted_parts(value)


def _before_call(check, call: cst.Call, path, line) -> Optional[str]:
    """What the call's own statement evaluates before the API runs: the call's other arguments, and the
    statements before it on its line; its ancestors run after it, but their other parts are checked too
    (simpler than telling which are evaluated first). Targets of an assignment are stored after."""
    why = check._all(arg.value for arg in call.args if not (arg.keyword and arg.keyword.value == "loop"))
    if why:
        return why
    if any(arg.star and not (arg.star == "*" and isinstance(arg.value, _SEQUENCES)) for arg in call.args):
        return "an unpacking runs code"
    child = call
    for ancestor in path[:-1]:
        if isinstance(ancestor, cst.Arg):
            pass
        elif isinstance(ancestor, cst.Call):
            if any(arg.star for arg in ancestor.args):
                return "an unpacking runs code"
            # The enclosing call's function is evaluated before its arguments: `runner(loop)(gather(...))`
            # and `modes[pick()](gather(...))` run code first, as `obj.attr` may.
            func = ancestor.func
            if isinstance(func, cst.Name):
                why = None
            elif isinstance(func, cst.Attribute):
                why = check._read(func) or check.inert(func.value)
            else:
                why = check.inert(func)
            why = why or check._all(arg.value for arg in ancestor.args if arg is not child)
            if why:
                return why
        elif isinstance(ancestor, cst.Subscript):
            if ancestor.value is not child:
                return "the call is inside a subscript"
            for element in ancestor.slice:
                if not isinstance(element.slice, cst.Index) or check.inert(element.slice.value):
                    return "a subscript may run code"
        elif isinstance(ancestor, (cst.Assign, cst.Expr, cst.Return)):
            if ancestor.value is not child:
                return "the call is not the assigned value"
        else:
            return "the call sits inside %s" % _kind(ancestor)
        child = ancestor
    small = path[-2] if len(path) > 1 else None
    for other in line.body:
        if other is small:
            break
        why = check.statement(other)
        if why:
            return why
    return None


def _kind(node) -> str:
    return "a %s" % type(node).__name__


def _text(env, node) -> str:
    return env.module.code_for_node(node)
