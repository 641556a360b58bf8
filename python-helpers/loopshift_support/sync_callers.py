"""Module-level sync functions whose every run happens while a loop runs in their thread
(docs/SEMANTICS.md P2a): each load of the name in the file is a call directly in a coroutine's body, the
callback of a loop's call_soon/call_soon_threadsafe/call_later/call_at, of a proven asyncio future's
add_done_callback or the protocol factory of a proven asyncio loop's create_connection and kin, itself or
in a functools.partial (loop_callbacks.py; also a call that is the whole body of a lambda done callback or
factory), or a call directly in the body of another such function (to a fixed point); and no other module
can call it (a private name that no project module imports, nor this module as a module object, or any
private name of a script-only file). Each answer is None when proven, else why not.

Cycles are fine: the outermost call of a cycle's functions on any stack comes from outside the cycle,
so from a coroutine or a callback, and the loop runs for as long as that call lasts.

Constructors (P2a, "Constructors"): a plain module-level class (no base but object and asyncio's protocol
classes, which add nothing to how an instance is made; no decorator, metaclass or keyword, no `classmethod`
named in its body, no __new__, __init_subclass__ or __class_getitem__) whose own __init__ is a plain sync
def is proven like a function: each load of the class's name is a call that runs under the loop, by the
same rules, and nothing in the file runs an __init__ any other way (no `x.__init__` but `super().__init__`,
no `__class__`, no one-argument `type(x)`, no string naming either). Calls made directly in such an
__init__'s body count as calls from the class.

Private methods (P2a rule 5): a private sync method `_m` of a class of that shape (its constructor's callers
aside), its name bound once in the file and named in no string, in a file that reaches no method by a
computed name, is proven when every `._m` in the file is `self._m(...)` directly in a method of its class
that is a coroutine, a proven private method or the proven __init__, or a loop callback.
"""
import re
from typing import Callable, Dict, FrozenSet, List, Optional

import libcst as cst

from .closing_code import ClosingCode
from .asyncio_api import ASYNCIO_PROTOCOL_CLASSES
from .done_callbacks import added_by
from .loop_callbacks import callback_lambda, factory_of, partial_callback, runs_from_loop
from .loop_from_callers import DYNAMIC_LOOKUPS, private
from .syntax import string_values

_PARTS = re.compile(r"[.:]")


def is_generator(function: cst.FunctionDef) -> bool:
    """A yield in the function's own body (not in nested functions, lambdas or classes): calling it runs
    nothing, and its body runs wherever the generator is advanced."""
    stack = [function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Yield):
            return True
        stack.extend(child for child in node.children
                     if not isinstance(child, (cst.FunctionDef, cst.Lambda, cst.ClassDef)))
    return False


def outside_callers(project: Optional[dict], name: str, coroutine_callers: bool = True) -> Optional[str]:
    """None when no module but this file's can call module-level `name` (docs/SEMANTICS.md P2a rule 3): the
    name is private or the file application code, and the file is script-only or no project module takes the
    name, nor the module object (project: the driver's facts, src/project-model.ts FileFacts). A library's
    public names are left to the P2 unsafe fix, even in a script-only file (P2a says why). `coroutine_callers`:
    whether importers that only call it from coroutine bodies (called_elsewhere) may stay."""
    if not project:
        return "no project facts (stdin, or an older driver): other modules may call %s()" % name
    public = not private(name)
    if public and project.get("application") is not True:
        return "%s() is public: other modules may call it (in a library; application code would be provable)" % name
    if project.get("scriptOnly") is True:
        return None
    if "importedWhole" not in project or not isinstance(project.get("importedNames"), list):
        return "the driver did not say what other modules import from this file"
    if project["importedWhole"]:
        return "a project module imports this module as a module object, so it may call %s()" % name
    if name in (project.get("readAsAttributes") or ()):
        return "a project module reads %s as an attribute of a module object (mod.%s)" % (name, name)
    if name in project["importedNames"] and not (coroutine_callers and name in called_elsewhere(project)):
        return "a project module imports %s from this module" % name
    if public and "*" in project["importedNames"]:
        return "a project module star-imports this module, which takes %s" % name
    if project.get("namedInStrings"):
        return "a project module names this module in a string (mock.patch, 'mod:attr')"
    return None


def called_elsewhere(project: Optional[dict]) -> FrozenSet[str]:
    """The names this module's importers all call only directly in coroutine bodies, and cannot hand on
    (docs/SEMANTICS.md P2a, "Callers in other modules"; src/project-model.ts onlyCalledFromCoroutines)."""
    names = (project or {}).get("calledFromCoroutines")
    return frozenset(n for n in names if isinstance(n, str)) if isinstance(names, list) else frozenset()


def _string_parts(tree) -> FrozenSet[str]:
    """Every dotted or colon-separated part of the file's string literals ('_f', 'pkg.mod._f', 'mod:_f')."""
    return frozenset(part for value in string_values(tree) for part in _PARTS.split(value))


class SyncCallers:
    """P2a for one module version. `analysis` has the file's bindings and module functions (any view);
    `analysis_for(names)` gives an analysis recording the sites of `names`; `tree` is its TreeIndex;
    `project` the driver's facts (ctx.project)."""

    def __init__(self, module: cst.Module, analysis, analysis_for: Callable, tree, project: Optional[dict],
                 closing: Optional[ClosingCode] = None):
        self.module, self.analysis, self.tree, self.project = module, analysis, tree, project
        self.closing = closing or ClosingCode(tree, project)  # calls there run with no loop (P1)
        self._analysis_for = analysis_for
        self._why: Optional[Dict[str, Optional[str]]] = None
        self._defs: Dict[str, cst.FunctionDef] = {}
        self._inits: Dict[int, str] = {}  # id(__init__ of a module-level class) -> the class's name
        self._methods: Dict[int, tuple] = {}  # id(private method) -> ("C._m", the ClassDef)

    def why_not(self, function: cst.FunctionDef) -> Optional[str]:
        """None when every run of this module-level sync def happens under a running loop in its thread."""
        if self._why is None:
            self._why = self._solve()
        name = function.name.value
        if self._defs.get(name) is not function:
            return self._why.get(name) or "%s() is not a module-level function bound once" % name
        return self._why[name]

    def why_not_init(self, init: cst.FunctionDef) -> Optional[str]:
        """None when every run of this __init__ is a call of its module-level class that happens under a
        running loop in its thread (P2a, "Constructors")."""
        if self._why is None:
            self._why = self._solve()
        name = self._inits.get(id(init))
        if name is None:
            return "%s() is not the constructor of a module-level class" % init.name.value
        return self._why[name]

    def why_not_method(self, method: cst.FunctionDef) -> Optional[str]:
        """None when every run of this private sync method of a module-level class happens under a running
        loop in its thread (P2a rule 5)."""
        if self._why is None:
            self._why = self._solve()
        found = self._methods.get(id(method))
        if found is None:
            return "%s() is not a private method of a module-level class" % method.name.value
        return self._why[found[0]]

    # -- the candidates and what may reach them from elsewhere ------------------------------------
    def _file_level(self) -> Optional[str]:
        if not all(name.isascii() for name in (*self.analysis.name_loads, *self.analysis.bindings)):
            # Python reads identifiers NFKC-normalised: `_𝐟()` calls `_f` (probe round 15, A m01).
            return "this file has non-ASCII identifiers, and Python takes several spellings for one of them"
        for lookup in DYNAMIC_LOOKUPS:
            if self.analysis.name_loads[lookup]:
                return "this file calls %s(), which may reach a function by name" % lookup
        return None

    def _candidate(self, name: str, defs: List[cst.FunctionDef], strings) -> Optional[str]:
        """Why the module-level def `name` cannot be proven whatever its callers in this file do."""
        function = defs[0]
        if len(defs) != 1 or len(self.analysis.bindings.get(name, ())) != 1:
            return "'%s' is bound more than once in this file (shadowed or redefined)" % name
        return _plain_def(function, "%s()" % name) or self._unreached(name, strings)

    def _class_candidate(self, name: str, cls: cst.ClassDef, strings, remade: Optional[str]) -> Optional[str]:
        """Why the constructor of module-level class `name` cannot be proven whatever its callers do."""
        if len(self.analysis.bindings.get(name, ())) != 1:
            return "'%s' is bound more than once in this file (shadowed or redefined)" % name
        if cls.decorators:
            return "class %s is decorated: the decorator may replace it or make instances" % name
        if cls.keywords:
            return "class %s has a metaclass or class keywords, which decide how instances are made" % name
        if any(base.star or base.keyword is not None or not self._plain_base(base.value) for base in cls.bases):
            return ("class %s has a base class, whose metaclass, __init_subclass__ or code may run __init__ "
                    "elsewhere (an Enum runs it at class creation)" % name)
        methods = [s for s in cls.body.body if isinstance(s, cst.FunctionDef)]
        for method in methods:
            if method.name.value in _MAKERS:
                return "class %s has %s(), which may make instances without naming the class" % (
                    name, method.name.value)
        if _mentions(cls.body, "classmethod"):  # @classmethod, or make = classmethod(f): cls() in either
            return "class %s has a classmethod, which may make instances without naming the class" % name
        if remade is None and not private(name) and (self.project or {}).get("remadeElsewhere"):
            remade = ("project module %s may make an instance without naming its class (type(obj)(), obj.__init__()), "
                      "and %s is public" % (self.project["remadeElsewhere"], name))
        return remade or self._unreached(name, strings)

    def _plain_base(self, base: cst.BaseExpression) -> bool:
        """`object`, or one of asyncio's protocol classes resolved through the file's imports (P2a rule 4):
        none has an __init__, __new__, __init_subclass__, metaclass or code that runs (protocols.py)."""
        if isinstance(base, cst.Name) and base.value == "object" and not self.analysis.bindings.get("object"):
            return True
        return self.analysis.resolve(base, (self.module,)) in ASYNCIO_PROTOCOL_CLASSES

    def _init(self, name: str, cls: cst.ClassDef) -> Optional[str]:
        inits = [s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"]
        if len(inits) != 1 or self.analysis.bindings_in("__init__", cls) != 1:
            return "%s.__init__ is not one plain def in the class body" % name
        return _plain_def(inits[0], "%s.__init__()" % name)

    def _unreached(self, name: str, strings) -> Optional[str]:
        """Why something outside what this file's loads show may call module-level `name`."""
        if name in self.analysis.exported:
            return "%s() is in __all__" % name
        stars = set(self.analysis.star_modules())
        if stars and not (stars == {"asyncio"} and private(name)):
            return "a star import may rebind '%s'" % name
        if name in strings:
            return "'%s' is named in a string, so it may be looked up by name" % name
        why = outside_callers(self.project, name)
        if why is None and "__all__" in self.analysis.bindings and "*" in (self.project.get("importedNames") or ()):
            return "a project module star-imports this module, whose __all__ may be built to list %s()" % name
        return why

    def _solve(self) -> Dict[str, Optional[str]]:
        why: Dict[str, Optional[str]] = {}
        file_level = self._file_level()
        strings = _string_parts(self.tree) if file_level is None else frozenset()
        for name, defs in self.analysis.module_functions.items():
            self._defs[name] = defs[0]
            why[name] = file_level or self._candidate(name, defs, strings)
        classes = [s for s in self.module.body if isinstance(s, cst.ClassDef) and s.name.value not in why]
        remade = _remade(self.tree) if classes and file_level is None else None
        if remade is None and strings & {"__init__", "__class__"}:  # getattr(obj, "__init__")(...)
            remade = "this file names __init__ or __class__ in a string, so may look it up by name"
        shapes: Dict[str, Optional[str]] = {}
        for cls in classes:
            for method in cls.body.body:
                if isinstance(method, cst.FunctionDef) and method.name.value == "__init__":
                    self._inits[id(method)] = cls.name.value
            shapes[cls.name.value] = file_level or self._class_candidate(cls.name.value, cls, strings, remade)
            why[cls.name.value] = shapes[cls.name.value] or self._init(cls.name.value, cls)
        by_terminal = self._method_candidates(classes, shapes, why, strings)  # "_m" -> "C._m" (P2a rule 5)
        open_names = frozenset(name for name, reason in why.items() if reason is None)
        if not open_names:
            return why
        by_node = {id(self._defs[name]): name for name in open_names if name in self._defs}
        by_node.update((key, name) for key, name in self._inits.items() if name in open_names)
        by_node.update((key, name) for key, (name, _cls) in self._methods.items() if name in open_names)
        wide = self._analysis_for(open_names - set(by_terminal.values()) | set(by_terminal))
        for name in open_names:
            if wide.aliases.get(name):  # `from m import _f as g`: g() may be this function, unseen as _f
                why[name] = "'%s' is also imported under another name in this file" % name
        sites = wide.sites
        callers: Dict[str, set] = {name: set() for name in open_names}
        used, rooted = set(), set()  # rooted: called from a coroutine, or a loop callback
        for site in sites:
            name = by_terminal.get(site.terminal, site.terminal)
            if name not in open_names or why[name] is not None:
                continue
            used.add(name)
            if name in by_terminal.values():
                reason, caller = self._method_reference(site, name, by_node)
            else:
                reason, caller = self._reference(site, by_node)
            if reason is not None:
                why[name] = reason
            elif caller is not None:
                callers[name].add(caller)
            else:
                rooted.add(name)
        elsewhere = called_elsewhere(self.project) & open_names
        rooted |= {name for name in elsewhere if why[name] is None}  # called from coroutines in other modules
        for name in open_names - used - elsewhere:
            if why[name] is None:
                why[name] = "%s() is not called in this file" % name
        # The greatest fixed point: drop every function called from one that is not proven.
        changed = True
        while changed:
            changed = False
            for name in open_names:
                if why[name] is not None:
                    continue
                unproven = sorted(caller for caller in callers[name] if why[caller] is not None)
                if unproven:
                    why[name] = "%s() is also called from %s(), not proven to run under a loop" % (name, unproven[0])
                    changed = True
        # A cycle that nothing outside it starts never runs: say so rather than rewrite dead code.
        reached = {name for name in rooted if why[name] is None}
        changed = True
        while changed:
            more = {name for name in open_names if why[name] is None and callers[name] & reached} - reached
            reached |= more
            changed = bool(more)
        for name in open_names:
            if why[name] is None and name not in reached:
                why[name] = "%s() is called only from functions that nothing in this file runs" % name
        return why

    def _method_candidates(self, classes, shapes, why, strings) -> Dict[str, str]:
        """Record the private sync methods of proven-shape classes (P2a rule 5) in `why` under "C._m", and
        return {"_m": "C._m"} for those still open. The constructor's callers do not matter here."""
        found: Dict[str, List[str]] = {}
        dispatch = None
        for cls in classes:
            name = cls.name.value
            for method in cls.body.body:
                if not isinstance(method, cst.FunctionDef) or not private(method.name.value):
                    continue
                key = "%s.%s" % (name, method.name.value)
                self._methods[id(method)] = (key, cls)
                if shapes[name] is not None:
                    why[key] = shapes[name]
                    continue
                if dispatch is None:
                    dispatch = _dispatch(self.tree) or ""
                bound = self.analysis.bindings.get(method.name.value, ())
                why[key] = (_plain_def(method, "%s()" % key) or dispatch or (
                    "'%s' is bound more than once in this file" % method.name.value if len(bound) != 1 else None)
                    or ("'%s' is named in a string, so it may be looked up by name" % method.name.value
                        if method.name.value in strings else None))
                found.setdefault(method.name.value, []).append(key)
        by_terminal = {}
        for method_name, keys in found.items():
            if len(keys) == 1:
                by_terminal[method_name] = keys[0]
        return by_terminal

    def _method_reference(self, site, key, by_node):
        """As _reference, for a load of a method's name: `self._m(...)` in the own body of a method of its
        class, whose first parameter is `self`; or `X._m` as a loop callback."""
        expr, cls = site.expr, next(c for k, c in self._methods.values() if k == key)
        if isinstance(expr, cst.Attribute) and site.call is None and self._callback(site):
            return None, None
        frame = site.frame
        method = frame.node
        if not (isinstance(expr, cst.Attribute) and site.call is not None and isinstance(expr.value, cst.Name)
                and frame.kind in ("def", "async") and method is site.extent and frame.parent.node is cls
                and method.params.params and expr.value.value == method.params.params[0].name.value):
            return "%s() is reached other than as self.%s(...) in a method of its class" % (
                key, key.split(".")[1]), None
        if site.in_coroutine_body and self.closing.why(site.call, method) is None:
            return None, None
        if id(method) in by_node:
            return None, by_node[id(method)]
        return "%s() is called from %s(), not proven to run under a loop" % (key, method.name.value), None

    def _reference(self, site, by_node):
        """(why this load of the name is not a run under a running loop, or None; the name of the
        module-level sync function whose own body calls it, when that is what makes it one)."""
        name = site.terminal
        expr = site.expr
        if not isinstance(expr, cst.Name):
            return "'%s' is read as an attribute (%s), maybe of this module" % (
                name, self.module.code_for_node(expr)), None
        if site.call is not None:
            if site.in_coroutine_body:
                return self._outside_closing(name, site.call, site.extent), None
            frame = site.frame
            if frame.kind == "def" and frame.node is site.extent and id(frame.node) in by_node:
                return None, by_node[id(frame.node)]
            consumer = self._consumed_in_place(frame)
            if consumer is not None:
                return self._outside_closing(name, consumer, frame.parent.node), None
            if callback_lambda(site, self.tree.parent, self.analysis, self.closing):
                return None, None
            one_call = frame.kind == "lambda" and frame.node is site.extent and frame.node.body is site.call
            factory = factory_of(frame.node, self.tree.parent) if one_call else None
            if factory is not None:
                return ("%s() is called in a lambda given as a protocol factory to %s(), on an object not proven an "
                        "asyncio event loop or not run at once under a loop" % (name, factory.func.attr.value)), None
            return "%s() is called %s" % (name, _where(site)), None
        if self._callback(site):
            return None, None
        if added_by(expr, self.tree.parent) is not None:
            return "'%s' is a done callback of a future not proven an asyncio one (a concurrent.futures " \
                   "future runs it in the thread that completes it)" % name, None
        factory = factory_of(expr, self.tree.parent)
        if factory is not None:
            return ("'%s' is a protocol factory given to %s() on an object not proven an asyncio event loop, or "
                    "not run at once under a loop" % (name, factory.func.attr.value)), None
        return "'%s' is used without being called (stored, passed or returned): it may run anywhere" % name, None

    def _outside_closing(self, name: str, call: cst.CSTNode, coroutine: cst.FunctionDef) -> Optional[str]:
        """None for a call in `coroutine`'s body that runs only while a loop drives it; else why not (closing code)."""
        closing = self.closing.why(call, coroutine)
        if closing is None:
            return None
        return "%s() is called in %s(), closing code that may run with no loop running: %s" % (
            name, coroutine.name.value, closing)

    def _consumed_in_place(self, frame) -> Optional[cst.Call]:
        """`sum(_w(x) for x in xs)` directly in a coroutine's body: the generator expression is the first argument of a
        builtin that drains it (or stops early) before it returns, so its calls run there (probe round 15, B p36).
        The call, or None."""
        if frame.kind != "genexp" or frame.parent is None or frame.parent.kind != "async":
            return None
        arg = self.tree.parent.get(id(frame.node))
        call = self.tree.parent.get(id(arg))
        if not (isinstance(arg, cst.Arg) and arg.keyword is None and not arg.star and isinstance(call, cst.Call)
                and call.args[0] is arg and isinstance(call.func, cst.Name) and call.func.value in _CONSUMERS
                and not self.analysis.bindings.get(call.func.value) and not self.analysis.star_imports):
            return None  # a star import may rebind the builtin
        return call

    def _callback(self, site) -> bool:
        """The site's expression is passed, uncalled, as a callback that runs from a running loop, itself or
        as the function of a functools.partial passed so (loop_callbacks.py)."""
        args = (site.expr, site.frame, self.tree.parent, self.analysis, self.closing)
        return runs_from_loop(*args) or partial_callback(*args)


# Builtins that drain an iterable they are given before they return (any/all/min/max may stop early).
_CONSUMERS = frozenset({"sum", "list", "tuple", "set", "frozenset", "sorted", "min", "max", "any", "all"})
# Methods that may make instances of their class without naming it (cls(), or run at class creation).
_MAKERS = ("__new__", "__init_subclass__", "__class_getitem__")


def _mentions(root: cst.CSTNode, name: str) -> bool:
    """A Name `name` (or an attribute spelt so) anywhere under root."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name) and node.value == name:
            return True
        stack.extend(node.children)
    return False


# Ways to reach a method by a computed name or to list an object's methods.
_DISPATCH = frozenset({"getattr", "attrgetter", "methodcaller", "getmembers", "getattr_static", "__getattribute__",
                       "__dict__"})


def _dispatch(tree) -> Optional[str]:
    """Why some code of the file may reach a method without spelling its name, or None."""
    for node in tree.nodes:
        if type(node) is cst.Name and node.value in _DISPATCH:
            return "this file uses %s, which may reach a method by a computed name" % node.value
    return None


def _plain_def(function: cst.FunctionDef, what: str) -> Optional[str]:
    if function.asynchronous is not None:
        return "%s is a coroutine function" % what
    if function.decorators:
        return "%s is decorated: the decorator decides when and where it runs" % what
    if is_generator(function):
        return "%s is a generator: its body runs wherever it is advanced" % what
    return None


def _remade(tree) -> Optional[str]:
    """Why some code of the file may run an __init__ without naming its class, or None: `x.__init__`
    other than `super().__init__`, `__class__` (`type(self)` spelt `self.__class__`), `type(x)`."""
    for node in tree.nodes:
        if type(node) is cst.Attribute:
            attr = node.attr.value
            if attr == "__class__":
                return "this file reads __class__, which may make an instance without naming its class"
            if attr == "__init__" and not (isinstance(node.value, cst.Call) and isinstance(node.value.func, cst.Name)
                                           and node.value.func.value == "super"):
                return "this file reads %s, which may run a constructor again" % _text(node)
        elif type(node) is cst.Name and node.value == "__class__":
            return "this file reads __class__, which may make an instance without naming its class"
        elif (type(node) is cst.Call and isinstance(node.func, cst.Name) and node.func.value == "type"
              and len(node.args) == 1):
            return "this file calls type(x), which may make an instance without naming its class"
    return None


def _text(node) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _where(site) -> str:
    kind = site.frame.kind
    if kind == "module":
        return "at module level"
    if site.frame.node is not site.extent and kind != "genexp":
        return "in a default value, decorator or nested definition"
    return {"def": "from sync code that is not proven to run under a loop",
            "async": "outside a coroutine's own body", "lambda": "in a lambda",
            "class": "in a class body", "genexp": "in a generator expression (it may be consumed later)"}[kind]
