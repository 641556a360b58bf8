"""The file's one import planner (`ctx.imports`, docs/TRANSFORMS.md "Imports"; docs/SEMANTICS.md P10).

A transform declares what its new code must reach (`reach`: a name from a module, spelled the way the
site can see it, or `reach_module`: the module itself) and which imported names its rewrite stops using
(`unused`). The planner resolves what the file already binds with the analysis' own name resolution
(`resolve_name`, `local_names_for`, `import_bindings`), and plans the fewest import edits for the rest.
The request handler applies the plan once, right after the transform that made it returns
(`FileContext.end`), in one `replace_nodes` pass over that transform's result. Comments are never moved,
merged or lost: an import carrying one is left alone or followed by a line of its own.

Like LibCST's AddImportsVisitor / RemoveImportsVisitor, requests are gathered first and applied at the
end; unlike them, nothing is re-derived from the tree (the analysis already knows every binding), and the
edits reuse the list's own commas so that our formatting is kept byte for byte. How the edits are made
(import_rules.py) may differ per transform, as `Rules`.
"""
from collections import Counter
from typing import Dict, List, Optional, Tuple

import libcst as cst

from .import_rules import PLANNED, Rules, plan_edits
from .edits import replace_nodes
from .syntax import dotted_parts

# One planned addition: (local bound by the import it goes beside, new name, module of a line of its own
# or None: in the list where the rules allow, else on a line of its own importing from the same module).
Add = Tuple[str, str, Optional[str]]


class ImportPlanner:
    """Import needs and drops of one transform run over one module version."""

    def __init__(self):
        self.project: Optional[dict] = None  # the driver's facts about this file (FileContext.project sets them)
        self.reset()

    def _read_elsewhere(self, analysis, name: str) -> bool:
        """Another project module may read `name` off this one: it imports it, gets the module object, star
        imports it (a public name, the file binding no `__all__`), names the module in a string
        (`mock.patch("m.get_event_loop")`) or loads modules by a computed name (probe round 12, B). Without
        facts (stdin), nothing says so."""
        project = self.project
        if not project or project.get("scriptOnly") is True:
            return False
        names = project.get("importedNames") or []
        star = "*" in names and not name.startswith("_") and "__all__" not in analysis.bindings
        known = "importedWhole" in project
        return bool(project.get("importedWhole") or name in names or star or project.get("namedInStrings")
                    or project.get("loadedByName") or (not known and project.get("maybeImported")))

    def reset(self) -> None:
        self.rules: Rules = PLANNED
        self.analysis = None   # the FileAnalysis of the module version the transform received
        self.added: Dict[int, Tuple[cst.ImportFrom, List[Add]]] = {}  # beside an existing from-import
        self.lines: List[str] = []   # module-level import lines of their own (`import asyncio`)
        self.dropped = Counter()     # local name -> loads the rewrite removes
        self.spelled: set = set()    # locals whose loads were counted by spelling, not resolved

    def follow(self, rules: Rules) -> None:
        """The transform's rules for this run (PLANNED unless it says otherwise)."""
        self.rules = rules

    def _use(self, analysis) -> None:
        if self.analysis is None:
            self.analysis = analysis
        elif self.analysis is not analysis and self.analysis.module is not analysis.module:
            raise ValueError("one transform run plans imports for one module version")

    # -- declared by transforms -------------------------------------------------------------
    def reach(self, analysis, module: str, name: str, via, scopes) -> Optional[cst.BaseExpression]:
        """An expression naming `module.name` where `scopes` can see it, or None when no import can be
        added safely. What the file binds is looked for first (`Rules.look`), and only then is the name
        planned into the from-import that binds `via` (a Name), right after it."""
        self._use(analysis)
        found = self._existing(analysis, module, name, via, scopes)
        if found is not None:
            return found
        if not isinstance(via, cst.Name):
            return None
        rules = self.rules
        imports = analysis.import_bindings(via.value)
        if len(imports) != 1 or not isinstance(imports[0][0], cst.ImportFrom) or imports[0][1] not in scopes:
            return None
        node, scope = imports[0]
        if rules.top_level and scope is not analysis.module:
            return None
        own_module = None
        if not rules.sibling and (node.relative or node.module is None
                                  or dotted_parts(node.module) != module.split(".")):
            if not rules.top_level:
                return None
            own_module = module  # the list names another module: `from <module> import name` instead
        line = analysis.import_lines[id(node)]
        if rules.top_level and (own_module or rules.commented(node, line)):
            if not any(statement is line for statement in analysis.module.body):
                return None
            own_module = module
        planned = self.added.get(id(node), (node, []))[1]
        if not any(added == name for _, added, _ in planned):
            if not self._free(analysis, module + "." + name, name):
                return None
            project = self.project or {}
            if "*" in (project.get("importedNames") or ()) and not name.startswith("_") \
                    and "__all__" not in analysis.bindings:
                return None  # a star import elsewhere would take the new name too, over one of its own (round 12, B p44)
            self.added[id(node)] = (node, planned + [(via.value, name, own_module)])
        return cst.Name(name)

    def _existing(self, analysis, module, name, via, scopes) -> Optional[cst.BaseExpression]:
        qualname = module + "." + name
        for step in self.rules.look:
            if step == "via":  # `asyncio.get_event_loop` -> `asyncio.run`
                parts = dotted_parts(via)
                if parts and len(parts) > 1 and analysis.resolve_name(parts[0], scopes) == module:
                    return cst.Attribute(value=cst.Name(parts[0]), attr=cst.Name(name))
            elif step == "name":  # imported already (or by `from M import *`), maybe under another name
                for local in [name] + analysis.local_names_for(qualname):
                    if analysis.resolve_name(local, scopes) == qualname:
                        return cst.Name(local)
            else:  # "module": its own name first; "alias": only names bound to nothing but the module
                first = [module.split(".")[0]] if step == "module" else []
                for local in first + analysis.local_names_for(module):
                    if analysis.resolve_name(local, scopes) == module:
                        return cst.Attribute(value=cst.Name(local), attr=cst.Name(name))
        return None

    def _free(self, analysis, qualname: str, name: str) -> bool:
        if self.rules.free == "unbound":
            return all(b.qualname == qualname for b in analysis.bindings.get(name, ()))
        return name not in analysis.bindings and not analysis.name_loads[name]

    def reach_module(self, analysis, module: str, scopes) -> Optional[cst.BaseExpression]:
        """An expression naming the module itself: a visible import of it, else `import M` on a line of
        its own after the module's leading imports (None when the name is taken)."""
        self._use(analysis)
        for local in [module.split(".")[0]] + analysis.local_names_for(module):
            if analysis.resolve_name(local, scopes) == module:
                return cst.Name(local) if local != module.split(".")[0] else cst.parse_expression(module)
        top = module.split(".")[0]
        if top in analysis.bindings or analysis.name_loads[top]:
            return None
        if module not in self.lines:
            self.lines.append(module)
        return cst.parse_expression(module)

    def unused(self, analysis, load, count: int = 1) -> None:
        """The rewrite removes this load (a Name, or `count` loads of a name given as text): an imported
        name may become unused. Text is counted by spelling, not resolved, so such a name is dropped only
        when the import is its one binding in the file."""
        self._use(analysis)
        if isinstance(load, str):
            self.spelled.add(load)
            self.dropped[load] += count
        elif isinstance(load, cst.Name):
            self.dropped[load.value] += count

    def snapshot(self):
        return ({key: (node, list(adds)) for key, (node, adds) in self.added.items()}, list(self.lines),
                Counter(self.dropped), set(self.spelled))

    def restore(self, snapshot) -> None:
        added, lines, dropped, spelled = snapshot
        self.added, self.lines, self.dropped, self.spelled = added, list(lines), Counter(dropped), set(spelled)

    # -- applied by the request handler -----------------------------------------------------
    def edits(self) -> dict:
        """{id(node of the received module): replacement | FlattenSentinel | REMOVE}."""
        if self.analysis is None:
            return {}
        return plan_edits(self.analysis, self.rules, self.added, self._drops(), self.lines)

    def _drops(self) -> Dict[int, Tuple[cst.CSTNode, List[str]]]:
        """The imports whose names lost every load: {id(import): (import, [locals, in request order])}."""
        analysis, found = self.analysis, {}
        for local, count in self.dropped.items():
            imports = analysis.import_bindings(local)
            if len(imports) != 1 or analysis.name_loads[local] != count or local in analysis.exported:
                continue
            if local in self.spelled and len(analysis.bindings.get(local, ())) != 1:
                continue  # a same-named local elsewhere may be what the counted loads were
            if self._read_elsewhere(analysis, local):
                continue  # `from client import get_event_loop` elsewhere would fail (probe round 12, B p03, p19-p21)
            node = imports[0][0]
            if isinstance(node, cst.ImportFrom) or len(node.names) == 1:
                found.setdefault(id(node), (node, []))[1].append(local)
        return found

    def apply(self, result: cst.Module) -> cst.Module:
        """The transform's result with the planned edits (nodes it did not rebuild keep their ids)."""
        mapping = self.edits()
        self.reset()
        return replace_nodes(result, mapping) if mapping else result
