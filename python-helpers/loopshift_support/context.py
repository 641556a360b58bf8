"""Per-file state shared by the transforms of one request: target, analysis cache, changes, diagnostics.

Positions are expensive in LibCST (PositionProvider costs about twice the parse), so transforms
report nodes, and the start positions of just those nodes are found at the end of the request
(positions.py: one code generation per module version that has reports).
"""
import difflib
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Tuple

import libcst as cst
from .analysis import FileAnalysis
from .import_plan import ImportPlanner
from .positions import start_positions
from .suppressions import MAY_SUPPRESS, SuppressionIndex, code_prefix, covers_code, covers_rewrite
from .walk import TreeIndex


def parse_target(text: str) -> Tuple[int, int]:
    major, minor = str(text).split(".")[:2]
    return int(major), int(minor)


# The request asks for every proposal (options.unsafe: true) rather than for a list of codes.
EVERY_CODE = "*"


class FileContext:
    def __init__(self, path: str, source: str, target: Tuple[int, int], module: cst.Module,
                 proposals: Optional[FrozenSet[str]] = None):
        self.path = path
        # Unsafe proposals (README "Safe and unsafe fixes"): None when the request did not ask (changes then
        # carry no applicability, as before); else the codes whose proposals it wants ({EVERY_CODE}: all;
        # empty: none, the safe run of a request that asked).
        self.proposals = proposals
        self.source = source
        self.target = target
        self.original_module = module
        self._diagnostics: List[dict] = []
        self._changes: List[dict] = []
        self._suppressed: List[dict] = []
        self._prefix: Optional[str] = None  # the running transform's code prefix (suppressions.code_prefix)
        self._changed_transforms: List[str] = []
        self._analyses: Dict[int, FileAnalysis] = {}
        self._trees: Dict[int, Tuple[cst.Module, TreeIndex]] = {}  # holding the module keeps its id unique
        self._memo: Dict[Tuple[str, int], Tuple[cst.Module, Any]] = {}  # see memo()
        self._reported: List[Tuple[cst.Module, List[Tuple[str, cst.CSTNode, dict]]]] = []
        self._code: Optional[Tuple[cst.Module, str]] = None  # the latest rewritten version's text
        self.site_names: frozenset = frozenset()  # set by the request handler: what the file's transforms watch
        self.running: frozenset = frozenset()  # set by the request handler: the names of the transforms that run
        # Set by the request handler: the driver's project facts about this file (src/project-model.ts
        # FileFacts: module, isScript, scriptOnly, ...), or None (stdin, a test, an older driver).
        self._project: Optional[dict] = None
        # An imported module's effects gave a reason to decline (project_effects): the answer says so.
        self.effects_declined = False
        self._pending: List[Tuple[str, cst.CSTNode, dict]] = []
        self._transform = ""
        self._input: Optional[cst.Module] = None
        self.imports = ImportPlanner()  # what the running transform needs imported or no longer uses

    @property
    def project(self) -> Optional[dict]:
        return self._project

    @project.setter
    def project(self, facts: Optional[dict]) -> None:
        self._project = facts
        self.imports.project = facts  # which names other modules may read off this one (import_plan.py)

    # -- called by the request handler ----------------------------------------------------
    def begin_pass(self) -> None:
        """A new pass over the whole file: its diagnostics replace the earlier passes' (they describe
        the final text, as a second run would), while every pass's changes are kept."""
        self._reported = [(module, [item for item in pending if item[0] == "change"])
                          for module, pending in self._reported]
        self._suppressed = []

    def begin(self, transform_name: str, module: cst.Module, codes=()) -> None:
        self._transform = transform_name
        self._prefix = code_prefix(codes)
        self._input = module
        self._pending = []
        self.imports.reset()

    def end(self, result: cst.Module) -> cst.Module:
        """The transform's result with its planned imports applied (one pass, once per run). A pass that
        rewrote a statement a suppression comment covers is refused whole: the transform did not ask
        allows() there, and a part of a rewrite cannot be taken back safely."""
        if result is not self._input and self._rewrote_suppressed():
            self._pending = [("suppressed", node, dict(record, code=self._transform, by="comment"))
                             if kind == "change" else (kind, node, record) for kind, node, record in self._pending]
            self.imports.reset()
            result = self._input
        result = self.imports.apply(result)
        if result is not self._input:
            self._analyses.clear()  # keyed by module id: the old module may be freed and its id reused
            self._trees.clear()
            self._memo.clear()
            if self._transform not in self._changed_transforms:
                self._changed_transforms.append(self._transform)
        if self._pending:
            self._reported.append((self._input, self._pending))
        return result

    def _resolve(self) -> None:
        """Positions for every report, one code generation (and line map) per module version that has any:
        in a pass that changes nothing every transform reports on the same version."""
        nodes: Dict[int, Tuple[cst.Module, list]] = {}
        for module, pending in self._reported:
            nodes.setdefault(id(module), (module, []))[1].extend(node for _, node, _ in pending)
        placed = {key: (start_positions(module, wanted),
                        _LineMap(self.source, self.code(module)) if module is not self.original_module else None)
                  for key, (module, wanted) in nodes.items()}
        for module, pending in self._reported:
            found, line_map = placed[id(module)]
            for kind, node, record in pending:
                line, column = found[id(node)]
                record["line"] = line_map.original(line) if line_map else line
                record["column"] = column + 1
                {"diagnostic": self._diagnostics, "change": self._changes, "suppressed": self._suppressed}[kind].append(record)
        self._reported = []

    def diagnostics(self) -> List[dict]:
        self._resolve()
        return sorted(self._diagnostics, key=lambda d: (d["line"], d["column"], d["code"]))

    def suppressed(self) -> List[dict]:
        """Diagnostics and rewrites a suppression comment kept out (from the final pass, as diagnostics)."""
        self._resolve()
        return sorted(self._suppressed, key=lambda d: (d["line"], d["column"], d["code"]))

    def changes(self) -> List[dict]:
        self._resolve()
        return sorted(self._changes, key=lambda c: (c["line"], c["column"]))

    def changed_transforms(self) -> List[str]:
        return list(self._changed_transforms)

    def release(self) -> None:
        """Drop the per-version caches once the request is answered: a cached analysis may hold this
        context (Lifecycle does), and that cycle would keep the file's trees until a garbage collection."""
        self._analyses.clear()
        self._trees.clear()
        self._memo.clear()

    # -- called by transforms -------------------------------------------------------------
    def code(self, module: cst.Module) -> str:
        """The text of a module version, generated at most once (the original is the source itself)."""
        if module is self.original_module:
            return self.source
        if self._code is None or self._code[0] is not module:
            self._code = (module, module.code)
        return self._code[1]

    @property
    def script_only(self) -> bool:
        """The project model proved that this file's module-level code runs only when the file runs as a
        program (docs/SEMANTICS.md P3c): it is entry code, as under a main guard."""
        return bool(self.project and self.project.get("scriptOnly") is True)

    @property
    def taken_elsewhere(self):
        """Module-level names other project modules may call: "all" (one gets the module object), a set of
        names (`from m import a, b`), or None when nothing is known (no facts: stdin, fixtures)."""
        project = self.project
        if not project or project.get("scriptOnly") is True:
            return None if not project else frozenset()
        # A module that imports by a computed name (a plugin runner) may take any module's functions,
        # unless its text shows which names it reads off what it loads (loaderReads, src/loader-reads.ts).
        loader_reads = project.get("loaderReads")
        if project.get("loadedByName") and not _names(loader_reads):
            return "all"
        if project.get("importedWhole") or not _names(project.get("importedNames")):
            return "all"
        # A launcher (nothing but one call of the function) runs it as the program: no other caller.
        launched = project.get("launchedNames") if _names(project.get("launchedNames")) else ()
        taken = frozenset(project["importedNames"]) - frozenset(launched)
        return taken | frozenset(loader_reads) if project.get("loadedByName") else taken

    def analysis(self, module: cst.Module, names) -> FileAnalysis:
        """One visit per module version serves every transform: it watches the names all runnable
        transforms declared (SITE_NAMES) plus these, and each caller sees only its own sites."""
        names = frozenset(names)
        found = self._analyses.get(id(module))
        if found is None or not names <= found.names:
            watched = names | self.site_names | (found.names if found is not None else frozenset())
            text = self.code(module)
            found = FileAnalysis.of(module, text, watched, script_only=self.script_only,
                                    hosted_main=bool((self.project or {}).get("mainRunElsewhere")))
            found.taken_elsewhere = self.taken_elsewhere
            _shadow_libraries(found, self.project)
            if (self.project or {}).get("threadRunElsewhere"):
                found.runs_target_inline = True  # another module may run a Thread made here in place
            self._analyses[id(module)] = found
        return found.view(names)

    def tree(self, module: cst.Module) -> TreeIndex:
        """Parents and preorder spans of this module version's nodes, built once for every transform."""
        found = self._trees.get(id(module))
        if found is None or found[0] is not module:
            found = self._trees[id(module)] = (module, TreeIndex(module))
        return found[1]

    def memo(self, key: str, module: cst.Module, build: Callable[[], Any]) -> Any:
        """Analysis of one module version that several transforms share (e.g. asyncio_run's lifecycle
        analysis serves explicit_loop while the module is unchanged): built once, dropped with the version.
        Per file, never a module global, so nothing outlives the request."""
        found = self._memo.get((key, id(module)))
        if found is None or found[0] is not module:
            found = self._memo[(key, id(module))] = (module, build())
        return found[1]

    def diagnose(self, node: cst.CSTNode, code: str, message: str) -> None:
        if covers_code(self._selectors(node), code, self._transform):
            self._pending.append(("suppressed", node, {"code": code, "transform": self._transform, "by": "comment"}))
            return
        self._pending.append(("diagnostic", node, {"code": code, "message": message,
                                                   "transform": self._transform}))

    @property
    def unsafe(self) -> bool:
        """The request asks for unsafe proposals (some code's). Only proposals may depend on it: a run that
        proposed nothing must be the safe run (the request handler reuses it as such)."""
        return bool(self.proposals)

    def proposes(self, node: cst.CSTNode, code: str) -> bool:
        """Whether to propose an unsafe rewrite of `node` answering diagnostic `code`: the request asks for
        that code's proposals and no suppression comment covers the site, for the code or for this
        transform's rewrites. Records nothing: the diagnostic the proposal answers is what a suppression
        counts (in the safe run)."""
        if not self.proposals or (code not in self.proposals and EVERY_CODE not in self.proposals):
            return False
        selectors = self._selectors(node)
        return not (covers_code(selectors, code, self._transform)
                    or covers_rewrite(selectors, self._transform, self._prefix))

    def record_change(self, node: cst.CSTNode, description: str, applicability: str = "safe",
                      code: Optional[str] = None) -> None:
        """One rewritten site. `applicability` "unsafe" marks a proposal (only after ctx.proposes(node, code)
        said yes), and `code` names the diagnostic it answers."""
        record = {"transform": self._transform, "description": description}
        if applicability == "unsafe":
            if not code or not self.proposes(node, code):
                raise ValueError("%s: an unsafe change needs the code it answers, and ctx.proposes(node, code)"
                                 % self._transform)
            record.update(applicability="unsafe", code=code)
        elif applicability != "safe" or code is not None:
            raise ValueError("%s: applicability is 'safe' or 'unsafe' (with its code), not %r"
                             % (self._transform, applicability))
        elif self.proposals is not None:
            record["applicability"] = "safe"
        self._pending.append(("change", node, record))

    def proposed(self) -> bool:
        """Some unsafe proposal is part of this run's result."""
        pending = [record for _module, reports in self._reported for kind, _node, record in reports if kind == "change"]
        return any(change.get("applicability") == "unsafe" for change in pending + self._changes)

    def allows(self, *nodes: cst.CSTNode) -> bool:
        """False when a suppression comment covers a statement holding one of `nodes` (the statements a
        rewrite would change) for this transform's rewrites (README "Suppressing a site"): then neither
        rewrite nor report the site. Free for files without such comments."""
        for node in nodes:
            if node is not None and covers_rewrite(self._selectors(node), self._transform, self._prefix):
                self._pending.append(("suppressed", nodes[0], {"code": self._transform, "transform": self._transform,
                                                               "by": "comment"}))
                return False
        return True

    def _selectors(self, node: cst.CSTNode):
        module = self._input
        # The search scans the whole text: once per module version, not once per report.
        if module is None or not self.memo("may-suppress", module,
                                           lambda: MAY_SUPPRESS.search(self.code(module)) is not None):
            return frozenset()
        tree = self.tree(module)
        index = self.memo("suppressions", module,
                          lambda: SuppressionIndex(module, self.code(module), lambda n: tree.parent.get(id(n))))
        return index.selectors_for(node)

    def _rewrote_suppressed(self) -> bool:
        return any(kind == "change" and covers_rewrite(self._selectors(node), self._transform, self._prefix)
                   for kind, node, _ in self._pending)


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


def _names(value) -> bool:
    """A list of names from the driver's facts (anything else: not sent, or an older driver)."""
    return isinstance(value, list) and all(isinstance(name, str) for name in value)


# Libraries whose names the rules take by meaning: a project module of that name (a `uvloop.py` stand-in
# beside a script, facts projectImports) is project code, and names bound from it mean nothing known
# (probe round 7, W15; round 6's W11 for standard-library names). Not asyncio: a tree that holds an
# `asyncio` package is CPython's own library (or a copy of it), whose names mean what they say.
_TRUSTED_LIBRARIES = frozenset({"uvloop"})


def _shadow_libraries(analysis, project) -> None:
    tops = (project or {}).get("projectImports")
    shadowed = _TRUSTED_LIBRARIES.intersection(tops) if isinstance(tops, list) else ()
    for top in shadowed:
        for bindings in analysis.bindings.values():
            for binding in bindings:
                if isinstance(binding.qualname, str) and binding.qualname.split(".")[0] == top:
                    binding.qualname = "<project>." + binding.qualname
