"""One cheap pass over a module: frames, bindings, imports and the sites of interesting names.

LibCST's ScopeProvider + QualifiedNameProvider cost ~5x the parse on asyncio-heavy code, so we
track what the transforms need ourselves. Resolution is deliberately conservative: a name bound
both by an asyncio import and by anything else in the scopes that could see it is ambiguous, and
ambiguous names are never rewritten.
"""
import re
from collections import Counter, defaultdict
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple, Union

import libcst as cst

from .walk import walk

# asyncio re-exports these submodules' public names at package level.
_ASYNCIO_SUBMODULES = {"events", "tasks", "runners", "futures", "queues", "locks", "streams",
                       "subprocess", "base_events", "coroutines", "exceptions"}
# Names a `from asyncio import *` may bind that the transforms care about.
_ASYNCIO_STAR_NAMES = {"get_event_loop", "get_running_loop", "new_event_loop", "set_event_loop",
                       "run", "Runner", "get_event_loop_policy", "set_event_loop_policy",
                       "ensure_future", "gather", "wait", "wait_for", "shield", "sleep",
                       "AbstractEventLoopPolicy", "DefaultEventLoopPolicy", "WindowsSelectorEventLoopPolicy",
                       "WindowsProactorEventLoopPolicy", "Queue", "LifoQueue", "PriorityQueue", "Lock",
                       "Event", "Condition", "Semaphore", "BoundedSemaphore", "open_connection",
                       "start_server", "open_unix_connection", "start_unix_server", "as_completed",
                       "create_subprocess_exec", "create_subprocess_shell", "Future", "wrap_future",
                       "run_coroutine_threadsafe", "to_thread"}


class Ambiguous:
    def __init__(self, name: str, qualnames=frozenset()):
        self.name = name
        self.qualnames = frozenset(qualnames)  # None stands for a local, non-import binding

    @property
    def mixes_asyncio_with_other(self) -> bool:
        """True when asyncio's name is shadowed by something else (not merely two asyncio names)."""
        ours = [q for q in self.qualnames if q and q.split(".")[0] == "asyncio"]
        return bool(ours) and len(ours) < len(self.qualnames)

    def __repr__(self):
        return "Ambiguous(%r)" % self.name


Resolution = Union[None, str, Ambiguous]


class Frame:
    """Where code executes: module, def, async (def), lambda, class (body) or genexp."""
    __slots__ = ("kind", "node", "parent")

    def __init__(self, kind: str, node: cst.CSTNode, parent: Optional["Frame"]):
        self.kind, self.node, self.parent = kind, node, parent

    def scopes(self) -> Tuple[cst.CSTNode, ...]:
        chain, frame = [], self
        while frame is not None:
            if frame.kind != "genexp":  # comprehension scopes are folded into their parent: conservative
                chain.append(frame.node)
            frame = frame.parent
        return tuple(chain)


class Site:
    """A Name or Attribute whose last component is one of the interesting names."""
    __slots__ = ("expr", "call", "frame", "extent", "async_extent", "terminal", "in_main_guard")

    def __init__(self, expr, call, frame, extent, async_extent, terminal, in_main_guard=False):
        self.expr = expr                  # the Name/Attribute node
        self.call = call                  # the Call whose func is expr, or None (a bare reference)
        self.frame = frame                # Frame the expression executes in
        self.extent = extent              # innermost def/lambda/class lexically containing it, or None
        self.async_extent = async_extent  # innermost async def lexically containing it, or None
        self.terminal = terminal
        self.in_main_guard = in_main_guard  # under a module-level `if __name__ == "__main__":`

    @property
    def in_coroutine_body(self) -> bool:
        """Directly in an async def's body: not in a nested def/lambda/class/genexp or a header."""
        return self.frame.kind == "async" and self.frame.node is self.extent


class _Binding:
    __slots__ = ("scope", "qualname")

    def __init__(self, scope, qualname):
        self.scope, self.qualname = scope, qualname


def dotted_parts(expr: cst.BaseExpression) -> Optional[List[str]]:
    parts = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    parts.append(expr.value)
    return parts[::-1]


def terminal_name(expr: cst.BaseExpression) -> Optional[str]:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


def canonical(qualname: str) -> str:
    parts = qualname.split(".")
    if len(parts) == 3 and parts[0] == "asyncio" and parts[1] in _ASYNCIO_SUBMODULES:
        return "asyncio." + parts[2]
    return qualname


_AS = re.compile(r"\b([A-Za-z_]\w*)\s+as\s+([A-Za-z_]\w*)")


class FileAnalysis:
    def __init__(self):
        self.bindings: Dict[str, List[_Binding]] = defaultdict(list)
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

    @classmethod
    def of(cls, module: cst.Module, source: str, names: FrozenSet[str]) -> "FileAnalysis":
        analysis = cls()
        analysis.module = module
        # `from asyncio import get_event_loop as gel`: sites are found by their last name, so watch
        # the aliases too. Imports may follow their uses, hence a text scan rather than the visit.
        for name, alias in _AS.findall(source):
            if name in names:
                analysis.aliases.setdefault(name, set()).add(alias)
        watched = set(names).union(*analysis.aliases.values()) if analysis.aliases else set(names)
        analysis.names = frozenset(names)
        walk(module, _Collector(analysis, module, frozenset(watched)))
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

    def resolve_name(self, name: str, scopes: Sequence[cst.CSTNode]) -> Resolution:
        innermost = scopes[0] if scopes else None
        visible = [b for b in self.bindings.get(name, ())
                   if b.scope in scopes and (not isinstance(b.scope, cst.ClassDef) or b.scope is innermost)]
        if not visible:
            if name in _ASYNCIO_STAR_NAMES and any(mod == "asyncio" and scope in scopes
                                                   for scope, mod in self.star_imports):
                return "asyncio." + name
            return None
        qualnames = {b.qualname for b in visible}
        if len(qualnames) == 1:
            return qualnames.pop()  # one import, or only local definitions (None)
        return Ambiguous(name, qualnames)

    def entry_functions(self) -> List[cst.FunctionDef]:
        """Sync module-level functions that the `if __name__ == "__main__":` block calls once (not in a loop).

        Code in them runs as the script's entry point: in the main thread, before anything else
        has set a loop. A function referenced anywhere else (or exported) may run under a loop.
        """
        found = []
        for name, calls in self.main_guard_calls.items():
            defs = self.module_functions.get(name, [])
            if (calls == 1 and len(defs) == 1 and defs[0].asynchronous is None
                    and len(self.bindings.get(name, ())) == 1 and self.name_loads[name] == 1
                    and name not in self.exported):
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


class _View:
    """A FileAnalysis with a filtered `sites`; everything else is the shared analysis."""

    def __init__(self, analysis: FileAnalysis, sites: List[Site]):
        self._analysis = analysis
        self.sites = sites

    def __getattr__(self, name):
        return getattr(self._analysis, name)


class _Collector(cst.CSTVisitor):
    def __init__(self, analysis: FileAnalysis, module: cst.Module, names: FrozenSet[str]):
        super().__init__()
        self.a = analysis
        self.names = names
        self.frame = Frame("module", module, None)
        self.extents: List[cst.CSTNode] = []
        self.async_extents: List[cst.CSTNode] = []
        self.globals: Dict[cst.CSTNode, set] = defaultdict(set)
        self.nonlocals: Dict[cst.CSTNode, set] = defaultdict(set)
        self.loop_depth = 0  # inside for/while bodies
        self.not_loads: set = set()
        self.call_of: Dict[int, cst.Call] = {}
        self.stores: set = set()
        self.line: Optional[cst.SimpleStatementLine] = None
        self.main_guard_depth = 0

    # -- scopes and frames ----------------------------------------------------------------
    def _scope(self) -> cst.CSTNode:
        frame = self.frame
        while frame.kind == "genexp":
            frame = frame.parent
        return frame.node

    def _bind(self, name_node: cst.Name, qualname: Optional[str] = None, scope=None) -> None:
        self.not_loads.add(id(name_node))
        scope = scope if scope is not None else self._scope()
        if name_node.value in self.globals.get(scope, ()):
            scope = self.a.module
        elif name_node.value in self.nonlocals.get(scope, ()):
            scope = self._enclosing_function(scope)
        self.a.bindings[name_node.value].append(_Binding(scope, qualname))

    def _bind_target(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Name):
            self._bind(target)
        elif isinstance(target, cst.Attribute):
            self.stores.add(id(target))  # `asyncio.get_event_loop = fake` patches, it does not read
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_target(element.value)
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value)

    def _bind_params(self, params: cst.Parameters, scope: cst.CSTNode) -> None:
        every = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
        for extra in (params.star_arg, params.star_kwarg):
            if isinstance(extra, cst.Param):
                every.append(extra)
        for param in every:
            self._bind(param.name, scope=scope)

    def visit_If(self, node: cst.If) -> None:
        if self.frame.kind == "module" and not self.extents and _is_main_guard(node.test):
            self.a.main_guards.append(node)

    def visit_If_body(self, node: cst.If) -> None:
        if self.a.main_guards and self.a.main_guards[-1] is node:
            self.main_guard_depth += 1

    def leave_If_body(self, node: cst.If) -> None:
        if self.a.main_guards and self.a.main_guards[-1] is node:
            self.main_guard_depth -= 1

    def visit_For(self, node: cst.For) -> None:
        self._bind_target(node.target)
        self.loop_depth += 1

    def leave_For(self, node: cst.For) -> None:
        self.loop_depth -= 1

    def visit_While(self, node: cst.While) -> None:
        self.loop_depth += 1

    def leave_While(self, node: cst.While) -> None:
        self.loop_depth -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.frame.kind == "module" and not self.extents:
            self.a.module_functions[node.name.value].append(node)
        self._bind(node.name)
        self._bind_params(node.params, node)
        self.extents.append(node)
        if node.asynchronous is not None:
            self.async_extents.append(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.extents.pop()
        if node.asynchronous is not None:
            self.async_extents.pop()

    def visit_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.frame = Frame("async" if node.asynchronous is not None else "def", node, self.frame)

    def leave_FunctionDef_body(self, node: cst.FunctionDef) -> None:
        self.frame = self.frame.parent

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._bind_params(node.params, node)
        self.extents.append(node)

    def leave_Lambda(self, node: cst.Lambda) -> None:
        self.extents.pop()

    def visit_Lambda_body(self, node: cst.Lambda) -> None:
        self.frame = Frame("lambda", node, self.frame)

    def leave_Lambda_body(self, node: cst.Lambda) -> None:
        self.frame = self.frame.parent

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._bind(node.name)
        self.extents.append(node)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.extents.pop()

    def visit_ClassDef_body(self, node: cst.ClassDef) -> None:
        self.frame = Frame("class", node, self.frame)

    def leave_ClassDef_body(self, node: cst.ClassDef) -> None:
        self.frame = self.frame.parent

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self.frame = Frame("genexp", node, self.frame)

    def leave_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self.frame = self.frame.parent

    def _enclosing_function(self, scope: cst.CSTNode) -> cst.CSTNode:
        """The function (or the module) whose variable a `nonlocal` in `scope` rebinds."""
        frame = self.frame
        while frame is not None and frame.node is not scope:
            frame = frame.parent
        frame = frame.parent if frame is not None else None
        while frame is not None and frame.kind not in ("def", "async", "lambda"):
            frame = frame.parent
        return frame.node if frame is not None else self.a.module

    def visit_Nonlocal(self, node: cst.Nonlocal) -> None:
        self.nonlocals[self._scope()].update(item.name.value for item in node.names)
        self.not_loads.update(id(item.name) for item in node.names)

    def visit_Global(self, node: cst.Global) -> None:
        self.globals[self._scope()].update(item.name.value for item in node.names)
        self.not_loads.update(id(item.name) for item in node.names)

    # -- bindings ---------------------------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) and isinstance(node.value, cst.Call):
            self.a.assigned_to[id(node.value)] = node.targets[0].target.value
        for target in node.targets:
            self._bind_target(target.target)
            if isinstance(target.target, cst.Name) and target.target.value == "__all__":
                self._export(node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind_target(node.target)
        if isinstance(node.target, cst.Name) and node.target.value == "__all__":
            self._export(node.value)

    def _export(self, value: cst.BaseExpression) -> None:
        if isinstance(value, (cst.List, cst.Tuple, cst.Set)):
            for element in value.elements:
                if isinstance(element.value, cst.SimpleString):
                    self.a.exported.add(element.value.evaluated_value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if isinstance(node.target, cst.Name) and isinstance(node.value, cst.Call):
            self.a.assigned_to[id(node.value)] = node.target.value
        self._bind_target(node.target)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind_target(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind_target(node.asname.name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._bind_target(node.name.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind_target(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._bind_target(node.target)

    def visit_MatchAs(self, node) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_MatchStar(self, node) -> None:
        if node.name is not None:
            self._bind(node.name)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.line = node

    def visit_Import(self, node: cst.Import) -> None:
        self.a.imports.append((node, self._scope()))
        self.a.import_lines[id(node)] = self.line
        for alias in node.names:
            parts = dotted_parts(alias.name)
            self.a.imported_modules.add(parts[0])
            if alias.asname is not None:
                self._bind(alias.asname.name, ".".join(parts))
            else:
                self._bind(cst.Name(parts[0]), parts[0])

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.a.imports.append((node, self._scope()))
        self.a.import_lines[id(node)] = self.line
        module = None
        if not node.relative and node.module is not None:
            module = ".".join(dotted_parts(node.module))
            self.a.imported_modules.add(module.split(".")[0])
        if isinstance(node.names, cst.ImportStar):
            self.a.star_imports.append((self._scope(), module))
            return
        for alias in node.names:
            name = alias.name.value
            local = alias.asname.name if alias.asname is not None else alias.name
            self._bind(local, canonical(module + "." + name) if module else None)

    def visit_ImportAlias(self, node: cst.ImportAlias) -> bool:
        return False  # its names are bindings, not loads

    # -- loads and sites ---------------------------------------------------------------------
    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self.not_loads.add(id(node.keyword))

    def visit_Call(self, node: cst.Call) -> None:
        if self.main_guard_depth and self.frame.kind == "module" and isinstance(node.func, cst.Name):
            # A call in a loop may run many times: count it twice so it is no entry point.
            self.a.main_guard_calls[node.func.value] += 2 if self.loop_depth else 1
        if terminal_name(node.func) in self.names:
            self.call_of[id(node.func)] = node

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.not_loads.add(id(node.attr))
        if node.attr.value in self.names and id(node) not in self.stores:
            self._site(node, node.attr.value)

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) in self.not_loads:
            return
        self.a.name_loads[node.value] += 1
        if node.value in self.names:
            self._site(node, node.value)

    def _site(self, expr, terminal: str) -> None:
        self.a.sites.append(Site(expr, self.call_of.get(id(expr)), self.frame,
                                 self.extents[-1] if self.extents else None,
                                 self.async_extents[-1] if self.async_extents else None, terminal,
                                 self.main_guard_depth > 0))


def _is_main_guard(test: cst.BaseExpression) -> bool:
    """`__name__ == "__main__"`, either way round."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, cst.Equal):
        return False
    sides = [test.left, target.comparator]
    names = [side for side in sides if isinstance(side, cst.Name) and side.value == "__name__"]
    strings = [side for side in sides if isinstance(side, cst.SimpleString) and side.evaluated_value == "__main__"]
    return len(names) == 1 and len(strings) == 1
