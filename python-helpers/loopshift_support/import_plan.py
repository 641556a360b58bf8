"""Naming asyncio functions where a rewrite needs them, and the from-import edits that takes
(docs/SEMANTICS.md P10). Comments are never moved or lost."""
from collections import Counter, defaultdict
from typing import Dict, List, Tuple

import libcst as cst

from .edits import REMOVE, edit_from_import, has_comment
from .syntax import dotted_parts


class ImportPlan:
    """Expressions naming asyncio functions at a site, and the from-import edits they need."""

    def __init__(self, lifecycle):
        self.lc = lifecycle
        self.added: Dict[int, Tuple[cst.ImportFrom, List[Tuple[str, str]]]] = {}
        self.dropped = Counter()   # local name -> loads removed by the rewrite

    def ref(self, short: str, via, scopes):
        """`asyncio.<short>` spelled the way this file can reach it from `scopes`, or None."""
        analysis = self.lc.analysis
        qualname = "asyncio." + short
        parts = dotted_parts(via)
        if parts and len(parts) > 1 and analysis.resolve_name(parts[0], scopes) == "asyncio":
            return cst.Attribute(value=cst.Name(parts[0]), attr=cst.Name(short))
        if analysis.resolve_name(short, scopes) == qualname:  # imported already, or by `from asyncio import *`
            return cst.Name(short)
        for name in analysis.local_names_for(qualname):
            if analysis.resolve_name(name, scopes) == qualname:
                return cst.Name(name)
        for name in analysis.local_names_for("asyncio"):
            if analysis.resolve_name(name, scopes) == "asyncio":
                return cst.Attribute(value=cst.Name(name), attr=cst.Name(short))
        if not isinstance(via, cst.Name):
            return None
        found = analysis.import_bindings(via.value)
        if len(found) != 1 or not isinstance(found[0][0], cst.ImportFrom) or found[0][1] not in scopes:
            return None
        node = found[0][0]
        if node.relative or node.module is None or dotted_parts(node.module) != ["asyncio"]:
            return None
        planned = self.added.setdefault(id(node), (node, []))[1]
        if not any(name == short for _, name in planned):
            if short in analysis.bindings or analysis.name_loads[short]:
                return None
            planned.append((via.value, short))
        return cst.Name(short)

    def snapshot(self):
        return {key: (node, list(adds)) for key, (node, adds) in self.added.items()}, Counter(self.dropped)

    def restore(self, snapshot) -> None:
        self.added, self.dropped = snapshot

    def drop(self, expr) -> None:
        """The rewrite removes this load (a from-imported name may become unused)."""
        if isinstance(expr, cst.Name):
            self.dropped[expr.value] += 1

    def apply(self, mapping: dict) -> None:
        analysis = self.lc.analysis
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
            mapping[id(node)] = new
