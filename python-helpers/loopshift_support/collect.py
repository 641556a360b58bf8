"""The one read-only visit that fills a FileAnalysis: frames, bindings (with `global`/`nonlocal`),
imports, loads, main guards and the sites of the watched names."""
from collections import Counter, defaultdict
from typing import Dict, FrozenSet, List, Optional

import libcst as cst

from .scopes import Binding, Frame, Site, canonical
from .syntax import LOOKING_BUILTINS, all_params, dotted_parts, terminal_name


class _Collector(cst.CSTVisitor):
    def __init__(self, analysis: "FileAnalysis",  # noqa: F821 - analysis.py imports this module
                 module: cst.Module, names: FrozenSet[str], script_only: bool = False, hosted_main: bool = False):
        super().__init__()
        self.a = analysis
        self.script_only = script_only  # module-level code is entry code (docs/SEMANTICS.md P3c)
        # Another project module runs this one as a program (runpy): its main guard is no fresh entry point.
        self.hosted_main = hosted_main
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
        # Generator-based coroutine candidates: (def, its body frame, its one decorator, the scopes the
        # decorator is resolved in); and the ids of defs whose own body yields.
        self.decorated: List[tuple] = []
        self.yielding: set = set()
        # The Name nodes that call a def only to await it in a coroutine body, or to look at the generator made
        # (`await f()`, `yield from f()`, `type(f())`), and per name its other loads: a generator-based coroutine
        # with other loads may be stepped by hand (mark_generator_coroutines).
        self.awaited_calls: set = set()
        self.other_loads: Counter = Counter()

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
        self.a.bindings[name_node.value].append(Binding(scope, qualname))

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
        for param in all_params(params):
            self._bind(param.name, scope=scope)

    def visit_If(self, node: cst.If) -> None:
        if self.frame.kind == "module" and not self.extents and not self.hosted_main and _is_main_guard(node.test):
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
        outer = self.frame
        self.frame = Frame("async" if node.asynchronous is not None else "def", node, outer)
        if node.asynchronous is None and len(node.decorators) == 1 \
                and dotted_parts(node.decorators[0].decorator) is not None:  # resolved after the visit
            self.decorated.append((node, self.frame, node.decorators[0].decorator, outer.scopes()))

    def visit_Yield(self, node: cst.Yield) -> None:
        if self.frame.kind in ("def", "async"):
            self.yielding.add(id(self.frame.node))
        if isinstance(node.value, cst.From):
            self._awaited(node.value.item)

    def visit_Await(self, node: cst.Await) -> None:
        self._awaited(node.expression)

    def _awaited(self, value: cst.BaseExpression) -> None:
        frame = self.frame
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and frame.kind in ("def", "async") \
                and isinstance(frame.node, cst.FunctionDef) \
                and (frame.node.asynchronous is not None or frame.node.decorators):
            self.awaited_calls.add(id(value.func))

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
        if isinstance(node.func, cst.Name) and node.func.value in LOOKING_BUILTINS:
            # `type(pause())`: a generator made and looked at, never advanced
            self.awaited_calls.update(id(arg.value.func) for arg in node.args
                                      if isinstance(arg.value, cst.Call) and isinstance(arg.value.func, cst.Name))
        if self._entry_code() and isinstance(node.func, cst.Name):
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
        if id(node) not in self.awaited_calls:
            self.other_loads[node.value] += 1
        if node.value in self.names:
            self._site(node, node.value)

    def _site(self, expr, terminal: str) -> None:
        self.a.sites.append(Site(expr, self.call_of.get(id(expr)), self.frame,
                                 self.extents[-1] if self.extents else None,
                                 self.async_extents[-1] if self.async_extents else None, terminal,
                                 self._entry_code()))

    def _entry_code(self) -> bool:
        """Module-level code that runs only when the file runs as a program."""
        return self.frame.kind == "module" and (self.main_guard_depth > 0 or self.script_only)


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


# The decorators that make a sync def a coroutine function (docs/SEMANTICS.md B5). asyncio.coroutine
# runs the body only when the generator is first advanced, whatever the body; types.coroutine returns a
# plain function unchanged in effect (its body runs at the call), so only its generators count.
_ANY_BODY = frozenset({"asyncio.coroutine"})
_GENERATOR_BODY = frozenset({"types.coroutine"})


def mark_generator_coroutines(collector: _Collector) -> None:
    """Make the body frames of generator-based coroutines coroutine frames ("async"): their code runs
    only inside a task (B5). Done after the visit, when every binding of the decorator is known."""
    analysis = collector.a
    candidates = []
    for node, frame, decorator, scopes in collector.decorated:
        meaning = analysis.resolve(decorator, scopes)
        if meaning in _ANY_BODY or (meaning in _GENERATOR_BODY and id(node) in collector.yielding):
            candidates.append((node, frame))
    for node, frame in candidates:
        # Read otherwise than as `await f(...)`/`yield from f(...)` in a coroutine (an `async def`, or a decorated
        # def): `next(f())`, `for _ in f()`, a plain generator's `yield from f()` step it with no loop running
        # (probe round 14, G p11, p60, p67), and a value handed on may be too. Then its body is no coroutine
        # frame. Residue: another module stepping it (p61).
        if not collector.other_loads[node.name.value]:
            frame.kind = "async"
            for site in analysis.sites:
                if site.async_extent is None and _within(site.frame, frame):
                    site.async_extent = node


def _within(frame: Frame, outer: Frame) -> bool:
    while frame is not None:
        if frame is outer:
            return True
        frame = frame.parent
    return False
