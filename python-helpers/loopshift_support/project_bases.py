"""Base classes of unittest tests defined in another project module (docs/SEMANTICS.md P13a and P15 rule 8's
test form, "Bases in other project modules").

The driver sends, for a file whose classes name bases, the text of the project modules those may come from
(FileFacts.baseModules, src/project-model.ts). Here a base is followed into such a module only by an import
whose meaning is certain: the name (or the module alias it is read through) has one binding in its module, an
`import`/`from ... import` at module level, in a module without star imports; the module's text was sent and
parses; it binds the class name once, by one class statement at its top level. Of that module only its class
statements are used: its other code is trusted for nothing, and the rules decline whatever would need it
(ForeignModule.why_untrusted). Everything else is None: the caller declines as for an unknown base.
"""
import re
from typing import Dict, List, Optional, Union

import libcst as cst

from .analysis import FileAnalysis
from .asyncio_api import LOOP_FREE_STDLIB
from .loop_args import TreeEnv
from .project_imports import ProjectImports
from .syntax import dotted_parts
from .test_loops import TEST_CASES, is_load
from .walk import TreeIndex

# Modules whose names a base's methods may use: the standard library's loop-free modules and asyncio.
_TRUSTED_MODULES = LOOP_FREE_STDLIB | {"asyncio"}

# mock.patch("asyncio.get_event_loop"), patch.object(asyncio, "get_event_loop"), `asyncio.get_event_loop = f`
# (current_loop_arg's test on this file's text), and an installed policy, which decides what it returns.
TEST_CASE = "unittest.TestCase"  # stands for the class in a linearization (class_order)
_PATCHES_LOOP = re.compile(r"""["'](?:[\w.]*\.)?get_event_loop["']|\.get_event_loop\s*=(?!=)|set_event_loop_policy""")


class ForeignModule(TreeEnv):
    """A project module whose text the driver sent: parsed, analysed and indexed like the file itself, so that
    rule 8's checks can run in its scope (the attributes current_loop_arg._Check reads of its env)."""

    def __init__(self, name: str, source: str, package_init: bool):
        self.name, self.source = name, source
        self.module = cst.parse_module(source)
        self.analysis = FileAnalysis.of(self.module, source, frozenset())
        self.tree = TreeIndex(self.module)
        self.imports = ProjectImports({"module": name, "isPackageInit": package_init})
        self.ctx = self  # _Check reads env.ctx.source
        self.project = None

    def why_untrusted(self) -> Optional[str]:
        """Why code of this module may change what a test of the importing file sees, beyond its classes' own
        statements (which the rules check), or None: a property, __getattr__ or __setattr__ (reading or storing
        an attribute of the test may run it), an installed policy or a patched get_event_loop."""
        if self.attribute_hooks or "__setattr__" in self.source:
            return "module %s defines a property, __getattr__ or __setattr__, which reading or storing the test's " \
                   "attributes may run" % self.name
        if _PATCHES_LOOP.search(self.source):
            return "module %s installs an event loop policy or patches get_event_loop" % self.name
        return None


class Place:
    """A module whose classes the walk reaches: the file itself (`foreign` None) or a ForeignModule."""

    def __init__(self, analysis, tree, imports: ProjectImports, foreign: Optional[ForeignModule] = None):
        self.analysis, self.tree, self.imports, self.foreign = analysis, tree, imports, foreign


class Bases:
    """Resolves the bases of the file's classes, and of the classes that leads to, across the sent modules."""

    def __init__(self, ctx, analysis, tree):
        self.project = ctx.project if isinstance(ctx.project, dict) else {}
        self.home = Place(analysis, tree, ProjectImports(self.project))
        # Parsed once per version of the file, for every class and site that asks (ctx.memo); each walk keeps
        # its own record of the classes it reached (_places).
        memo = getattr(ctx, "memo", None)
        self._modules: Dict[str, Union[Place, None]] = memo("project-base-modules", analysis.module, dict) \
            if memo is not None else {}
        self._places: Dict[int, Place] = {}

    def place(self, cls: cst.ClassDef) -> Place:
        """Where a class the walk reached is defined (the file, unless a foreign module's)."""
        return self._places.get(id(cls), self.home)

    def foreign(self):
        """The foreign modules reached so far."""
        return [place.foreign for place in self._places.values() if place.foreign is not None]

    def base_class(self, owner: cst.ClassDef, expr) -> Optional[cst.ClassDef]:
        """The class statement `expr`, a base of `owner`, names: one of its own module, or one that an import
        there brings from a sent project module."""
        place = self.place(owner)
        analysis = place.analysis
        if isinstance(expr, cst.Name):
            own = self._module_class(place, expr.value)
            if own is not None:
                self._places.setdefault(id(own), place)
            if own is not None or analysis.import_bindings(expr.value) == []:
                return own
        parts = dotted_parts(expr)
        if parts is None or analysis.star_imports or len(analysis.bindings.get(parts[0], ())) != 1:
            return None
        bound = analysis.import_bindings(parts[0])
        if len(bound) != 1 or bound[0][1] is not analysis.module:
            return None
        node = bound[0][0]
        if _patched(place.tree, parts[0], module_alias=len(parts) > 1):
            return None
        if isinstance(node, cst.ImportFrom):
            module = place.imports.absolute(node)
            if module is None or isinstance(node.names, cst.ImportStar):
                return None
            alias = next(a for a in node.names if (a.asname.name.value if a.asname else dotted_parts(a.name)[0])
                         == parts[0])
            original = dotted_parts(alias.name)
            if original is None or len(original) != 1:
                return None
            if len(parts) == 1:
                return self._foreign_class(module, original[0])
            if len(parts) == 2:  # `from pkg import mod` ... `mod.Base`
                return self._foreign_class(module + "." + original[0], parts[1])
            return None
        alias = next(a for a in node.names if (a.asname.name.value if a.asname else dotted_parts(a.name)[0])
                     == parts[0])
        imported = dotted_parts(alias.name)
        if alias.asname is not None:
            module_parts = imported if len(parts) == 2 else None
        else:
            module_parts = parts[:-1] if parts[:-1] == imported else None
        if not module_parts:
            return None
        return self._foreign_class(".".join(module_parts), parts[-1])

    def _foreign_class(self, module: str, name: str) -> Optional[cst.ClassDef]:
        place = self._module(module)
        if place is None or place.analysis.star_imports:
            return None
        found = self._module_class(place, name)
        if found is not None:
            self._places[id(found)] = place
        return found

    def _module(self, name: str) -> Optional[Place]:
        if name not in self._modules:
            sent = (self.project.get("baseModules") or {}) if isinstance(self.project.get("baseModules"), dict) else {}
            entry = sent.get(name)
            place = None
            if isinstance(entry, dict) and isinstance(entry.get("source"), str):
                try:
                    foreign = ForeignModule(name, entry["source"], entry.get("packageInit") is True)
                except Exception:  # noqa: BLE001 - any text that does not parse is a module we know nothing of
                    foreign = None
                if foreign is not None:
                    place = Place(foreign.analysis, foreign.tree, foreign.imports, foreign)
            self._modules[name] = place
        return self._modules[name]

    @staticmethod
    def _module_class(place: Place, name: str) -> Optional[cst.ClassDef]:
        """The module-level class statement of that name, when the name has that one binding."""
        analysis = place.analysis
        if len(analysis.bindings.get(name, ())) != 1:
            return None
        found = [s for s in analysis.module.body if isinstance(s, cst.ClassDef) and s.name.value == name]
        if len(found) != 1 or (place.foreign is not None and _patched(place.tree, name)):
            return None
        return found[0]


def _patched(tree, name: str, module_alias: bool = False) -> bool:
    """Whether a module may change the class (or the module) `name` stands for after its statement: a load of
    the name other than as a base of a class statement or `super(name, self)` (`name.setUp = f`, `setattr(name,
    ...)`, `patch.object(name, ...)`, handing it on). `module_alias`: the name is a module, whose attributes may
    be read (`b.Base`) but not stored (`b.Base.setUp = f`, `b.Base = Other`)."""
    for node in tree.nodes:
        if type(node) is not cst.Name or node.value != name or not is_load(tree, node) or _in_import(tree, node):
            continue
        up = tree.parent.get(id(node))
        if isinstance(up, cst.Arg) and up.value is node:
            holder = tree.parent.get(id(up))
            if isinstance(holder, cst.ClassDef) and up.keyword is None:
                continue  # a base
            if isinstance(holder, cst.Call) and isinstance(holder.func, cst.Name) and holder.func.value == "super" \
                    and holder.args[0] is up:
                continue
        if module_alias and isinstance(up, cst.Attribute) and up.value is node and not _stored(tree, up):
            continue
        return True
    return False


def _in_import(tree, node) -> bool:
    """A part of an import statement's module name (`from .base import X`, `import a.base`)."""
    up = tree.parent.get(id(node))
    while isinstance(up, (cst.Attribute, cst.ImportAlias)):
        up = tree.parent.get(id(up))
    return isinstance(up, (cst.Import, cst.ImportFrom))


def _stored(tree, attribute) -> bool:
    """An attribute chain `a.b.c` that is stored into or deleted, or handed to setattr/delattr."""
    node, up = attribute, tree.parent.get(id(attribute))
    while isinstance(up, cst.Attribute) and up.value is node:
        node, up = up, tree.parent.get(id(up))
    if isinstance(up, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.Del)) and up.target is node:
        return True
    if isinstance(up, cst.Arg):
        call = tree.parent.get(id(up))
        return isinstance(call, cst.Call) and not (isinstance(call.func, cst.Name) and call.func.value == "isinstance")
    return False


def class_order(bases, cls) -> Optional[list]:
    """cls and the module-level classes it inherits from, in method resolution order (C3, as Python computes
    it), ending with unittest.TestCase; None when some base is anything else. A base is a class of the same
    module, or one an import there brings from another project module whose text the driver sent
    (project_bases.Bases); each class's bases are read in its own module."""
    def linear(node, seen):
        if id(node) in seen:
            return None
        home = bases.place(node).analysis
        found = []
        for arg in node.bases:
            if arg.star:
                return None
            if home.resolve(arg.value, (home.module,)) in TEST_CASES:
                found.append(TEST_CASE)
            elif isinstance(arg.value, cst.Name) and arg.value.value == "object" \
                    and not home.bindings.get("object"):
                continue
            else:
                base = bases.base_class(node, arg.value)
                if base is None:
                    return None
                found.append(base)
        tails = []
        for base in found:
            tail = [TEST_CASE] if base is TEST_CASE else linear(base, seen | {id(node)})
            if tail is None:
                return None
            tails.append(tail)
        merged = merge(tails + [found])
        return None if merged is None else [node] + merged

    found = linear(cls, frozenset())
    return found if found is not None and TEST_CASE in found else None


def merge(sequences: List[list]) -> Optional[list]:
    sequences = [list(s) for s in sequences if s]
    out = []
    while sequences:
        for sequence in sequences:
            head = sequence[0]
            if not any(head in s[1:] for s in sequences):
                break
        else:
            return None  # no consistent order: Python raises TypeError at the class statement
        out.append(head)
        sequences = [s[1:] if s[0] is head else s for s in sequences]
        sequences = [s for s in sequences if s]
    return out


# -- P13a: a test class whose one base comes from another project module ------------------------------------
# What a base may not define: the steps that run a test and its cleanups, those around setUp() and the method,
# a hook run when the test class is made, and setUp() itself (`super().setUp()` would run it before the loop
# is taken; a class without setUp() would inherit it).
_BASE_OVERRIDES = frozenset({"addCleanup", "doCleanups", "run", "__call__", "debug", "_callSetUp",
                             "_callTestMethod", "__init_subclass__", "setUp"})


def foreign_order(ctx, analysis, tree, cls, bases: Optional[Bases] = None) -> Optional[list]:
    """The classes after `cls` in its method resolution order, up to unittest.TestCase, when its one base is a
    class of another project module (the driver sent its text) leading there through classes of such modules
    only; None otherwise (no facts, a base of this file, or anything unknown)."""
    if len(cls.bases) != 1 or not isinstance((ctx.project or {}).get("baseModules"), dict):
        return None
    bases = bases or Bases(ctx, analysis, tree)
    order = class_order(bases, cls)
    if order is None or any(c is not TEST_CASE and bases.place(c).foreign is None for c in order[1:]):
        return None
    return [c for c in order[1:] if c is not TEST_CASE]


def foreign_places(ctx, analysis, tree, cls):
    """[(class, ForeignModule)] of foreign_order, or None."""
    bases = Bases(ctx, analysis, tree)
    order = foreign_order(ctx, analysis, tree, cls, bases)
    return None if order is None else [(c, bases.place(c).foreign) for c in order]


def foreign_base_problem(places) -> Optional[str]:
    """Why the bases (foreign_places) may set up or run the tests otherwise than TestCase does, for P13a's
    condition 1 (None: they add only methods that the other conditions check): a metaclass, a decorator but
    unittest's, one of _BASE_OVERRIDES, a second binding of the name, code of its module beyond its classes
    that the tests may run (a module-level function or variable their methods use, a property, __getattr__,
    __setattr__, a policy or a patched get_event_loop)."""
    for base, module in places:
        home = module.analysis
        if base.keywords:
            return "base %s (module %s) has a metaclass or class keywords" % (base.name.value, module.name)
        for decorator in base.decorators:
            what = home.resolve(decorator.decorator.func if isinstance(decorator.decorator, cst.Call)
                                else decorator.decorator, (home.module,))
            if not (isinstance(what, str) and what.startswith("unittest.")):
                return "a decorator may change base %s (module %s)" % (base.name.value, module.name)
        body = base.body.body if isinstance(base.body, cst.IndentedBlock) else ()
        defs = [s for s in body if isinstance(s, cst.FunctionDef)]
        names = [d.name.value for d in defs]
        overrides = sorted(set(names) & _BASE_OVERRIDES)
        if overrides:
            return ("base %s (module %s) defines %s(), which runs around the tests or before the loop is taken"
                    % (base.name.value, module.name, overrides[0]))
        if len(names) != len(set(names)):
            return "base %s (module %s) binds a method more than once" % (base.name.value, module.name)
        why = module.why_untrusted()
        if why:
            return why
        for method in defs:
            used = _module_code_used(module, method)
            if used:
                return ("%s() of base %s uses %s, code of module %s beyond its classes, which is not checked"
                        % (method.name.value, base.name.value, used, module.name))
    return None


def _module_code_used(module: ForeignModule, method: cst.FunctionDef) -> Optional[str]:
    """A name the method loads that its module binds at module level other than by an import or a class."""
    analysis = module.analysis
    top = analysis.module
    for node in module.tree.nodes[slice(*module.tree.span[id(method)])]:
        if type(node) is not cst.Name:
            continue
        up = module.tree.parent.get(id(node))
        if isinstance(up, cst.Attribute) and up.attr is node:
            continue
        found = analysis.bindings.get(node.value, ())
        # An import from outside the standard library may be a third project module's code, with state of its
        # own that outlives a test (probe round 7b, W18: a helper caching a future across tests).
        if any(b.scope is top and (b.qualname is None or str(b.qualname).split(".")[0] not in _TRUSTED_MODULES)
               for b in found) and not any(isinstance(s, cst.ClassDef) and s.name.value == node.value for s in top.body):
            return node.value
    return None


def base_modules_text(project) -> str:
    """The sources of the project modules sent for the file's classes' bases (facts `baseModules`), joined."""
    sent = project.get("baseModules") if isinstance(project, dict) else None
    if not isinstance(sent, dict):
        return ""
    return "\n".join(value["source"] for value in sent.values()
                     if isinstance(value, dict) and isinstance(value.get("source"), str))
