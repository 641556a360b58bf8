"""Per-file state shared by the transforms of one request: target, analysis cache, changes, diagnostics.

Positions are expensive in LibCST (PositionProvider costs about twice the parse), so transforms
report nodes and positions are resolved once per transform, only when it reported something.
"""
import difflib
from typing import Dict, List, Optional, Tuple

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from .analysis import FileAnalysis


def parse_target(text: str) -> Tuple[int, int]:
    major, minor = str(text).split(".")[:2]
    return int(major), int(minor)


class FileContext:
    def __init__(self, path: str, source: str, target: Tuple[int, int], module: cst.Module):
        self.path = path
        self.source = source
        self.target = target
        self.original_module = module
        self._diagnostics: List[dict] = []
        self._changes: List[dict] = []
        self._changed_transforms: List[str] = []
        self._analyses: Dict[int, FileAnalysis] = {}
        self._positions: Dict[int, object] = {}
        self.site_names: frozenset = frozenset()  # set by the runner: what the file's transforms watch
        self._pending: List[Tuple[str, cst.CSTNode, dict]] = []
        self._transform = ""
        self._input: Optional[cst.Module] = None
        self.changed_any = False

    # -- called by the runner -------------------------------------------------------------
    def begin(self, transform_name: str, module: cst.Module) -> None:
        self._transform = transform_name
        self._input = module
        self._pending = []

    def end(self, result: cst.Module) -> None:
        changed = result is not self._input
        if changed:
            self.changed_any = True
            self._analyses.clear()  # keyed by module id: the old module may be freed and its id reused
            if self._transform not in self._changed_transforms:
                self._changed_transforms.append(self._transform)
        if not self._pending:
            return
        cached = self._positions.get(id(self._input))
        if cached is not None and cached[0] is self._input:
            positions = cached[1]
        else:  # costs about twice the parse: once per module version, shared by the transforms
            positions = MetadataWrapper(self._input, unsafe_skip_copy=True).resolve(PositionProvider)
            self._positions[id(self._input)] = (self._input, positions)  # holding it keeps its id unique
        line_map = None
        if self._input is not self.original_module:
            line_map = _LineMap(self.source, self._input.code)
        for kind, node, record in self._pending:
            start = positions[node].start
            line = line_map.original(start.line) if line_map else start.line
            record["line"], record["column"] = line, start.column + 1
            (self._diagnostics if kind == "diagnostic" else self._changes).append(record)

    def diagnostics(self) -> List[dict]:
        return sorted(self._diagnostics, key=lambda d: (d["line"], d["column"], d["code"]))

    def changes(self) -> List[dict]:
        return sorted(self._changes, key=lambda c: (c["line"], c["column"]))

    def changed_transforms(self) -> List[str]:
        return list(self._changed_transforms)

    # -- called by transforms -------------------------------------------------------------
    def analysis(self, module: cst.Module, names) -> FileAnalysis:
        """One visit per module version serves every transform: it watches the names all runnable
        transforms declared (SITE_NAMES) plus these, and each caller sees only its own sites."""
        names = frozenset(names)
        found = self._analyses.get(id(module))
        if found is None or not names <= found.names:
            watched = names | self.site_names | (found.names if found is not None else frozenset())
            text = self.source if module is self.original_module else module.code
            found = FileAnalysis.of(module, text, watched)
            self._analyses[id(module)] = found
        return found.view(names)

    def diagnose(self, node: cst.CSTNode, code: str, message: str) -> None:
        self._pending.append(("diagnostic", node, {"code": code, "message": message,
                                                   "transform": self._transform}))

    def record_change(self, node: cst.CSTNode, description: str) -> None:
        self._pending.append(("change", node, {"transform": self._transform,
                                               "description": description}))


class _LineMap:
    """Maps a line of an intermediate version back to the original file (after earlier transforms)."""

    def __init__(self, original: str, current: str):
        self._map: Dict[int, int] = {}
        matcher = difflib.SequenceMatcher(None, original.splitlines(), current.splitlines(), autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            for offset, line in enumerate(range(j1, j2)):
                self._map[line + 1] = (i1 + offset if tag == "equal" else i1) + 1

    def original(self, line: int) -> int:
        return self._map.get(line, line)
