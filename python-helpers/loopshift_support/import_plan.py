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
edits reuse the list's own commas so that our formatting is kept byte for byte.
"""
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Tuple

import libcst as cst

from .edits import REMOVE, edit_from_import, has_comment, replace_nodes
from .syntax import dotted_parts


class ImportPlanner:
    """Import needs and drops of one transform run over one module version."""

    def __init__(self):
        self.reset()

    def reset(self) -> None:
        self.analysis = None   # the FileAnalysis of the module version the transform received
        self.added: Dict[int, Tuple[cst.ImportFrom, List[Tuple[str, str]]]] = {}  # beside an existing from-import
        self.lines: List[str] = []   # module-level import lines of their own (`import asyncio`)
        self.dropped = Counter()     # local name -> loads the rewrite removes

    def _use(self, analysis) -> None:
        if self.analysis is None:
            self.analysis = analysis
        elif self.analysis is not analysis and self.analysis.module is not analysis.module:
            raise ValueError("one transform run plans imports for one module version")

    # -- declared by transforms -------------------------------------------------------------
    def reach(self, analysis, module: str, name: str, via, scopes) -> Optional[cst.BaseExpression]:
        """An expression naming `module.name` where `scopes` can see it, or None when no import can be
        added safely. Preference: `via`'s own module object (`asyncio.X` -> `asyncio.name`), the name
        already bound, another local for it, an alias of the module, and only then a new name in the
        from-import that binds `via` (a Name), right after it."""
        self._use(analysis)
        qualname = module + "." + name
        parts = dotted_parts(via)
        if parts and len(parts) > 1 and analysis.resolve_name(parts[0], scopes) == module:
            return cst.Attribute(value=cst.Name(parts[0]), attr=cst.Name(name))
        if analysis.resolve_name(name, scopes) == qualname:  # imported already, or by `from M import *`
            return cst.Name(name)
        for local in analysis.local_names_for(qualname):
            if analysis.resolve_name(local, scopes) == qualname:
                return cst.Name(local)
        for local in analysis.local_names_for(module):
            if analysis.resolve_name(local, scopes) == module:
                return cst.Attribute(value=cst.Name(local), attr=cst.Name(name))
        if not isinstance(via, cst.Name):
            return None
        found = analysis.import_bindings(via.value)
        if len(found) != 1 or not isinstance(found[0][0], cst.ImportFrom) or found[0][1] not in scopes:
            return None
        node = found[0][0]
        if node.relative or node.module is None or dotted_parts(node.module) != module.split("."):
            return None
        planned = self.added.get(id(node), (node, []))[1]
        if not any(added == name for _, added in planned):
            if name in analysis.bindings or analysis.name_loads[name]:
                return None
            self.added[id(node)] = (node, planned + [(via.value, name)])
        return cst.Name(name)

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

    def unused(self, analysis, expr) -> None:
        """The rewrite removes this load: a from-imported name may become unused."""
        self._use(analysis)
        if isinstance(expr, cst.Name):
            self.dropped[expr.value] += 1

    def snapshot(self):
        return ({key: (node, list(adds)) for key, (node, adds) in self.added.items()}, list(self.lines),
                Counter(self.dropped))

    def restore(self, snapshot) -> None:
        self.added, self.lines, self.dropped = snapshot[0], list(snapshot[1]), Counter(snapshot[2])

    # -- applied by the request handler -----------------------------------------------------
    def edits(self) -> dict:
        """{id(node of the received module): replacement | FlattenSentinel | REMOVE}."""
        mapping: dict = {}
        analysis = self.analysis
        if analysis is None:
            return mapping
        removals = defaultdict(list)
        for local, count in self.dropped.items():
            found = analysis.import_bindings(local)
            if (len(found) == 1 and isinstance(found[0][0], cst.ImportFrom) and analysis.name_loads[local] == count
                    and local not in analysis.exported):
                removals[id(found[0][0])].append((found[0][0], local))
        for key in set(self.added) | set(removals):
            node = self.added[key][0] if key in self.added else removals[key][0][0]
            adds = self.added[key][1] if key in self.added else []
            drops = [local for _, local in removals.get(key, ())]
            line = analysis.import_lines[id(node)]
            if has_comment(node):
                if adds:  # a commented list keeps its layout: the new names get a line of their own
                    new_line = cst.SimpleStatementLine([cst.ImportFrom(
                        module=node.module, names=[cst.ImportAlias(name=cst.Name(name)) for _, name in adds])])
                    mapping[id(line)] = cst.FlattenSentinel([line, new_line])
                continue
            new, previous = node, {}
            for anchor, name in adds:
                if anchor in drops and anchor not in previous:
                    new = edit_from_import(new, anchor, name, True)
                    drops.remove(anchor)
                else:
                    new = edit_from_import(new, previous.get(anchor, anchor), name, False)
                previous[anchor] = name
            for local in drops:
                if new is REMOVE:
                    break
                new = edit_from_import(new, local, None, True)
            if new is REMOVE and line.trailing_whitespace.comment is not None:
                continue
            if new is REMOVE and len(line.body) > 1:
                continue
            if new is not node:
                mapping[id(node)] = new
        if self.lines:
            self._new_lines(mapping)
        return mapping

    def _new_lines(self, mapping: dict) -> None:
        module = self.analysis.module
        lines = [cst.parse_statement("import %s%s" % (name, module.default_newline), module.config_for_parsing)
                 for name in self.lines]
        body, last = module.body, None
        for index, statement in enumerate(body):
            if isinstance(statement, cst.SimpleStatementLine) and all(
                    isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
                last = index
            elif index == 0 and _is_docstring(statement):
                continue
            else:
                break
        if last is None and body and _is_docstring(body[0]):
            last = 0
        if last is None:
            if body:
                first = body[0]
                new_first = mapping.get(id(first), first)
                if isinstance(new_first, cst.FlattenSentinel):
                    raise ValueError("the first statement is edited twice")
                mapping[id(first)] = cst.FlattenSentinel(
                    [lines[0].with_changes(leading_lines=first.leading_lines), *lines[1:],
                     new_first.with_changes(leading_lines=[]) if new_first is not REMOVE else new_first])
            return
        anchor = body[last]
        current = mapping.get(id(anchor), anchor)
        if isinstance(current, cst.FlattenSentinel):
            mapping[id(anchor)] = cst.FlattenSentinel([*current.nodes, *lines])
        else:
            mapping[id(anchor)] = cst.FlattenSentinel([current, *lines])

    def apply(self, result: cst.Module) -> cst.Module:
        """The transform's result with the planned edits (nodes it did not rebuild keep their ids)."""
        mapping = self.edits()
        self.reset()
        return replace_nodes(result, mapping) if mapping else result


def _is_docstring(statement) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Expr) and isinstance(statement.body[0].value, cst.SimpleString))
