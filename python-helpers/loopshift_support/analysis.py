"""One cheap pass over a module: frames, bindings, imports and the sites of interesting names.
The queries live here; the visit is collect.py, the vocabulary (Frame, Site, Ambiguous) scopes.py.

LibCST's ScopeProvider + QualifiedNameProvider cost ~5x the parse on asyncio-heavy code, so we
track what the transforms need ourselves. Resolution is deliberately conservative: a name bound
both by an asyncio import and by anything else in the scopes that could see it is ambiguous, and
ambiguous names are never rewritten.
"""
import re
from collections import Counter, defaultdict
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

import libcst as cst

from .asyncio_api import STAR_RESOLVED_NAMES
from .collect import _Collector, mark_generator_coroutines
from .scopes import Ambiguous, Binding, Frame, Resolution, Site, canonical  # noqa: F401 - the analysis' vocabulary
from .syntax import dotted_parts, terminal_name  # noqa: F401 - re-exported
from .walk import walk

_AS = re.compile(r"\b([A-Za-z_]\w*)\s+as\s+([A-Za-z_]\w*)")
# A Thread's run() called in place runs its target in the calling thread (thread_target_only): `t.run()`,
# `threading.Thread.run(t)` or any class's `.run`, `type(t).run(t)`, the method taken as a value (`run = t.run`)
# or named in a string (`getattr(t, "run")`). Not asyncio.run(); comments and messages count too.
_RUN_INLINE = re.compile(r"(?<!asyncio)\.run\(\s*\)|\b[A-Z]\w*\s*\.\s*run\b|\)\s*\.\s*run\b"
                         r"|(?<!asyncio)\.run\b(?!\s*\()|[\"']run[\"']")


class FileAnalysis:
    def __init__(self):
        self.bindings: Dict[str, List[Binding]] = defaultdict(list)
        self.star_imports: List[Tuple[cst.CSTNode, Optional[str]]] = []
        self.imports: List[Tuple[cst.CSTNode, cst.CSTNode]] = []   # (Import/ImportFrom, scope)
        self.import_lines: Dict[int, cst.SimpleStatementLine] = {}  # id(import) -> its line
        self.imported_modules: set = set()
        self.name_loads: Counter = Counter()
        self.exported: set = set()
        self.sites: List[Site] = []
        self.module: Optional[cst.Module] = None
        self.names: FrozenSet[str] = frozenset()
        self.assigned_to: Dict[int, str] = {}  # id(call) -> NAME for `NAME = call(...)` statements
        self.aliases: Dict[str, set] = {}   # watched name -> `as` aliases seen in the text
        self.main_guards: List[cst.If] = []
        self.main_guard_calls: Counter = Counter()   # module-level function name -> calls in main guards
        self.module_functions: Dict[str, List[cst.FunctionDef]] = defaultdict(list)
        self.script_only = False  # the whole module body is entry code (docs/SEMANTICS.md P3c)
        # Names other project modules may call (FileContext.taken_elsewhere): "all", a set, or None (unknown).
        self.taken_elsewhere = None
        self._bound_in: Dict[str, set] = {}  # name -> ids of the scopes binding it, filled by binding_scope

    def entry_block(self, block) -> bool:
        """A statement block whose code runs only as the program's entry: a main guard's body, or the
        module itself when the project model proved the file script-only."""
        return (block is self.module and self.script_only) or any(g.body is block for g in self.main_guards)

    @classmethod
    def of(cls, module: cst.Module, source: str, names: FrozenSet[str], script_only: bool = False,
           hosted_main: bool = False) -> "FileAnalysis":
        analysis = cls()
        analysis.module = module
        analysis.script_only = script_only
        # `thread.run()` runs a Thread's target in the calling thread, where a loop may run (thread_target_only).
        analysis.runs_target_inline = _RUN_INLINE.search(source) is not None
        # `from asyncio import get_event_loop as gel`: sites are found by their last name, so watch
        # the aliases too. Imports may follow their uses, hence a text scan rather than the visit.
        for name, alias in _AS.findall(source):
            if name in names:
                analysis.aliases.setdefault(name, set()).add(alias)
        watched = set(names).union(*analysis.aliases.values()) if analysis.aliases else set(names)
        analysis.names = frozenset(names)
        collector = _Collector(analysis, module, frozenset(watched), script_only, hosted_main)
        walk(module, collector)
        mark_generator_coroutines(collector)
        return analysis

    def view(self, names: FrozenSet[str]) -> "FileAnalysis":
        """The same analysis with only the sites of `names` (and their aliases): one visit serves
        every transform of a file, each seeing what it asked for."""
        if names == self.names:
            return self
        wanted = set(names).union(*(self.aliases.get(name, ()) for name in names))
        return _View(self, [site for site in self.sites if site.terminal in wanted])

    def resolve(self, expr: cst.BaseExpression, scopes: Sequence[cst.CSTNode]) -> Resolution:
        parts = dotted_parts(expr)
        if parts is None:
            return None
        base = self.resolve_name(parts[0], scopes)
        if base is None or isinstance(base, Ambiguous):
            return base
        return canonical(".".join([base] + parts[1:]))

    # -- the binding rule (docs/SEMANTICS.md P10): the one implementation every kit uses -----------------
    def visible_bindings(self, name: str, scopes: Sequence[cst.CSTNode]) -> List["Binding"]:
        """The bindings of `name` a load sees from `scopes` (innermost first): its own scope's and its
        enclosing functions' and module's; a class body's only from directly inside that body."""
        found = self.bindings.get(name)
        if not found:
            return []
        innermost = scopes[0] if scopes else None
        ids = {id(scope) for scope in scopes}  # `in scopes` would call CSTNode.__eq__ for each
        return [b for b in found
                if id(b.scope) in ids and (b.scope is innermost or not isinstance(b.scope, cst.ClassDef))]

    def binding_scope(self, name: str, scopes: Sequence[cst.CSTNode]) -> Optional[cst.CSTNode]:
        """The innermost scope whose binding of `name` a load in `scopes` sees (None: unbound/builtin)."""
        bound = self._bound_in.get(name)
        if bound is None:  # asked per load of a name: its scopes once, not a scan of its bindings each time
            bound = self._bound_in[name] = {id(b.scope) for b in self.bindings.get(name, ())}
        innermost = scopes[0] if scopes else None
        return next((scope for scope in scopes if id(scope) in bound
                     and (scope is innermost or not isinstance(scope, cst.ClassDef))), None)

    def bindings_in(self, name: str, scope: cst.CSTNode) -> int:
        return sum(1 for b in self.bindings.get(name, ()) if b.scope is scope)

    def star_modules(self, scopes: Optional[Sequence[cst.CSTNode]] = None) -> List[Optional[str]]:
        """The modules of the `from M import *` statements visible from `scopes` (None: anywhere in the
        file); a relative one is None."""
        return [module for scope, module in self.star_imports if scopes is None or scope in scopes]

    def free_name(self, candidates: Sequence[str], text: Optional[str] = None) -> Optional[str]:
        """The first candidate the file neither binds nor loads, so a new binding of it shadows nothing;
        given the text, also one it never mentions (not even in a string or comment)."""
        for name in candidates:
            if name in self.bindings or self.name_loads[name]:
                continue
            if text is not None and re.search(r"\b%s\b" % re.escape(name), text):
                continue
            return name
        return None

    def resolve_name(self, name: str, scopes: Sequence[cst.CSTNode]) -> Resolution:
        visible = self.visible_bindings(name, scopes)
        if not visible:
            if name in STAR_RESOLVED_NAMES and "asyncio" in self.star_modules(scopes):
                return "asyncio." + name
            return None
        qualnames = {b.qualname for b in visible}
        if len(qualnames) == 1:
            return qualnames.pop()  # one import, or only local definitions (None)
        return Ambiguous(name, qualnames)

    def entry_functions(self) -> List[cst.FunctionDef]:
        """Sync module-level functions that the `if __name__ == "__main__":` block (or a script-only
        module's top level) calls once (not in a loop).

        Code in them runs as the script's entry point: in the main thread, before anything else
        has set a loop. A function referenced anywhere else (or exported) may run under a loop; so may one
        another project module imports, by name or through the module object (docs/SEMANTICS.md P3a:
        a host that calls main() under its own loop).
        """
        found = []
        taken = self.taken_elsewhere
        for name, calls in self.main_guard_calls.items():
            defs = self.module_functions.get(name, [])
            if (calls == 1 and len(defs) == 1 and defs[0].asynchronous is None
                    and len(self.bindings.get(name, ())) == 1 and self.name_loads[name] == 1
                    and name not in self.exported and taken != "all" and name not in (taken or ())):
                found.append(defs[0])
        return found

    def entry_kind(self, site: Site) -> Optional[str]:
        """'main-guard' or 'entry-function' when the site runs as the script's entry point, else None."""
        if site.frame.kind == "module" and site.in_main_guard:
            return "main-guard"
        if site.frame.kind == "def" and site.frame.node is site.extent and site.frame.node in self.entry_functions():
            return "entry-function"
        return None

    def maybe_entry(self, site: Site) -> bool:
        """A cheap superset of entry sites: main-guard code, or code directly in any module-level sync
        function the main guard calls (however often). Transforms use it to skip files early."""
        if site.frame.kind == "module":
            return site.in_main_guard
        node = site.frame.node
        return (site.frame.kind == "def" and isinstance(node, cst.FunctionDef)
                and node.name.value in self.main_guard_calls and node in self.module_functions.get(node.name.value, ()))

    def import_bindings(self, local_name: str) -> List[Tuple[cst.CSTNode, cst.CSTNode]]:
        """The import statements (with their scope) that bind local_name."""
        found = []
        for node, scope in self.imports:
            for alias in node.names if not isinstance(node.names, cst.ImportStar) else ():
                bound = alias.asname.name.value if alias.asname else dotted_parts(alias.name)[0]
                if bound == local_name:
                    found.append((node, scope))
        return found

    def local_names_for(self, qualname: str) -> List[str]:
        return sorted(name for name, bindings in self.bindings.items()
                      if bindings and all(b.qualname == qualname for b in bindings))


def thread_callee(analysis, value: cst.BaseExpression, scopes) -> Tuple[Optional[cst.BaseExpression], list]:
    """What a thread's `target=` value calls in the new thread, and the positional arguments it puts first:
    the value itself, or for `functools.partial(f, a, ...)` f and [a, ...] (partial(f, a)(b) is f(a, b)). A
    partial whose function is not a plain first argument gives (None, [])."""
    if isinstance(value, cst.Call) and analysis.resolve(value.func, scopes) == "functools.partial":
        first = value.args[0] if value.args else None
        if first is None or first.keyword is not None or first.star:
            return None, []
        rest = value.args[1:]
        leading = [] if any(a.star for a in rest) else [a.value for a in rest if a.keyword is None]
        return first.value, leading
    return value, []


def thread_target_only(analysis, function: cst.FunctionDef) -> bool:
    """Every load of the function's name is `threading.Thread(target=name)` or `target=functools.partial(name,
    ...)` (docs/SEMANTICS.md P14): it runs alone, in a fresh thread that ends with it, unless some `x.run()` of
    the file runs a thread's target in the calling thread. `analysis` (a FileAnalysis or a view) must record
    "Thread" sites. The loads are all counted (name_loads), so `targets == loads` means no other use exists."""
    name = function.name.value
    if len(analysis.bindings.get(name, ())) != 1 or getattr(analysis, "runs_target_inline", True):
        return False
    threads = [s for s in analysis.sites if s.call is not None
               and analysis.resolve(s.expr, s.frame.scopes()) == "threading.Thread"]
    targets = 0
    for site in threads:
        for arg in site.call.args:
            if arg.keyword is not None and arg.keyword.value == "target":
                callee, _ = thread_callee(analysis, arg.value, site.frame.scopes())
                targets += isinstance(callee, cst.Name) and callee.value == name
    return targets > 0 and analysis.name_loads[name] == targets


class _View:
    """A FileAnalysis with a filtered `sites`; everything else is the shared analysis."""

    def __init__(self, analysis: FileAnalysis, sites: List[Site]):
        self._analysis = analysis
        self.sites = sites

    def __getattr__(self, name):
        return getattr(self._analysis, name)
