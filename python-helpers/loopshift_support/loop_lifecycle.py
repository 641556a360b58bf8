"""How an event loop is created, used and closed on a script's entry path (asyncio_run, explicit_loop).

docs/SEMANTICS.md P3a and P3b, P7, P11, P12, P14. Everything here only reads the tree.

Two questions are answered for a site:
* the *shape* around it: `loop = get_event_loop()/new_event_loop()`, its uses (one run_until_complete,
  set_event_loop(loop), loop.close()), or the chained `get_event_loop().run_until_complete(...)`;
* what else may touch the thread's current loop *before* or *after* it on the entry path, in source
  order (module code, the main guard, the entry function, and - transitively, by name - the sync
  functions and classes of this file they refer to). Code in other modules is not visible.

Conditions that only make loopshift decline are matched by spelling (over-matching only declines
more); anything that makes it rewrite is resolved by meaning.

Lifecycle is assembled from loop_variable.py (the loop variable, read as one run) and entry_path.py
(what else touches the loop); this module adds the file-wide facts; import_plan.py names what a
rewrite needs.
"""
import re
from collections import defaultdict
from typing import Dict, List, Optional, Tuple

import libcst as cst

from .analysis import Ambiguous, dotted_parts
from .asyncio_api import (BACKGROUND_WORK as _BACKGROUND, LOOP_FREE_STDLIB as _STDLIB, LOOP_PATCHING_LIBRARIES,
                          PRIMITIVES)
from .entry_path import _MEANING, _SPELLED, EntryPath
from .exit_hooks import exit_hook
from .loop_variable import RunPattern, RunShape
from .pending_work import SELF_SIGNAL, early_gather, run_ends_differently, starts_thread, unreaped_subprocess
from .project_imports import ProjectImports

# Ctrl-C and cancellation are handled differently by asyncio.run on 3.11+ (R4, P12).
_INTERRUPT = {"KeyboardInterrupt", "CancelledError", "BaseException"}
_DYNAMIC = {"globals", "locals", "vars", "eval", "exec"}
NAMES = frozenset(set(_SPELLED) | {q.rsplit(".", 1)[1] for q in _MEANING} | PRIMITIVES | _BACKGROUND
                  | _INTERRUPT | _DYNAMIC | {"run", "wait", "wait_for", "close", "Thread"})



class _Facts:
    """Defs by name, and a few facts that need the whole tree, from the shared TreeIndex's nodes."""

    def __init__(self, tree, project=None):
        self.project_imports = ProjectImports(project)
        # A project module of a standard library's name (a script's own calendar.py) shadows it: foreign code.
        tops = (project or {}).get("projectImports")
        tops = frozenset(t for t in tops if isinstance(t, str)) if isinstance(tops, list) else frozenset()
        # A project that hooks logging (a handler, filter or formatter class, logging.config, addFilter...) runs
        # its own code on every logging call, wherever the hook was installed (probe round 7, W12).
        if (project or {}).get("loggingHooks"):
            tops |= {"logging"}
        self.standard = (_STDLIB | {"asyncio"}) - tops
        self.defs: Dict[str, List[cst.CSTNode]] = defaultdict(list)
        self.loop_vars: set = set()
        self.bare_excepts = 0
        self.nonlocals: set = set()
        self.generators: set = set()   # ids of defs whose own body yields
        self.imported: set = set()     # names bound by imports of modules outside the standard library
        self.imported_from: Dict[str, Tuple[Optional[str], str]] = {}  # such a name -> (its module, the name there)
        for node in tree.nodes:  # preorder, as a visit would see them
            kind = type(node)
            if kind not in _FACT_KINDS:
                continue
            if kind is cst.FunctionDef or kind is cst.ClassDef:
                self.defs[node.name.value].append(node)
            elif kind is cst.Yield:
                function = tree.parent.get(id(node))
                while function is not None and type(function) not in (cst.FunctionDef, cst.Lambda):
                    function = tree.parent.get(id(function))
                if function is not None:
                    self.generators.add(id(function))
            elif kind is cst.ExceptHandler:
                self.bare_excepts += node.type is None
            elif kind is cst.Import or kind is cst.ImportFrom:
                self._imports(node)
            elif kind is cst.Nonlocal:
                self.nonlocals.update(item.name.value for item in node.names)
            elif (len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name)
                  and isinstance(node.value, cst.Call) and not node.value.args):
                self.loop_vars.add(node.targets[0].target.value)  # `loop = gel()`: any alias, resolved later

    def _imports(self, node) -> None:
        standard = self.standard
        if isinstance(node, cst.ImportFrom):
            module = dotted_parts(node.module) if node.module is not None else None
            if node.relative or module is None or module[0] not in standard:
                if not isinstance(node.names, cst.ImportStar):
                    for alias in node.names:
                        local = (alias.asname.name if alias.asname else alias.name).value
                        self.imported.add(local)
                        if isinstance(alias.name, cst.Name):
                            self.imported_from[local] = (self.project_imports.absolute(node), alias.name.value)
            return
        for alias in node.names:
            parts = dotted_parts(alias.name)
            if parts[0] not in standard:
                self.imported.add(alias.asname.name.value if alias.asname else parts[0])


_FACT_KINDS = frozenset({cst.FunctionDef, cst.ClassDef, cst.Yield, cst.ExceptHandler, cst.Import, cst.ImportFrom,
                         cst.Nonlocal, cst.Assign})


class Lifecycle(EntryPath, RunShape):
    @classmethod
    def of(cls, ctx, module: cst.Module) -> "Lifecycle":
        """asyncio_run's analysis serves explicit_loop when nothing changed in between."""
        return ctx.memo("lifecycle", module, lambda: cls(ctx, module))

    def __init__(self, ctx, module: cst.Module):
        self.ctx, self.module = ctx, module
        self.tree = ctx.tree(module)
        self.facts = _Facts(self.tree, ctx.project)
        self.analysis = ctx.analysis(module, NAMES | set(self.facts.defs) | self.facts.loop_vars
                                     | self.facts.imported)
        self.sites_by_name = defaultdict(list)
        for site in self.analysis.sites:
            self.sites_by_name[site.terminal].append(site)
        self.star_asyncio = "asyncio" in self.analysis.star_modules()
        self._activities = None
        self._loop_class_policies = None
        self._touching: Dict[Tuple[frozenset, frozenset], Dict[str, Tuple[str, str]]] = {}
        self._decorated: Dict[int, bool] = {}  # id(def) -> a decorator of it may call it (EntryPath._timing)

    # -- small helpers ----------------------------------------------------------------------
    def parent(self, node):
        return self.tree.parent.get(id(node))

    def span(self, node) -> Tuple[int, int]:
        return self.tree.span[id(node)]

    def inside(self, node, outer) -> bool:
        a, b = self.span(node), self.span(outer)
        return b[0] <= a[0] and a[1] <= b[1]

    def line_of(self, node):
        while node is not None and not isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            node = self.parent(node)
        return node

    def meaning(self, site):
        """What the site names, for rewriting: a canonical string, None or Ambiguous."""
        return self.analysis.resolve(site.expr, site.frame.scopes())

    def loose_meaning(self, site) -> Optional[str]:
        """For declining: an ambiguous name, or one a star import may provide, counts as asyncio's."""
        found = self.meaning(site)
        if isinstance(found, Ambiguous) or (found is None and self.star_asyncio and isinstance(site.expr, cst.Name)):
            return "asyncio." + site.terminal
        return found

    def sites(self, *names):
        return [site for name in names for site in self.sites_by_name.get(name, ())]

    def sites_of(self, *qualnames):
        """Sites that name one of these asyncio functions, under any import form or alias."""
        shorts = {q.rsplit(".", 1)[1] for q in qualnames}
        return [site for site in self.analysis.sites
                if (site.terminal in shorts or isinstance(site.expr, cst.Name)) and self.meaning(site) in qualnames]

    # -- what the coroutine argument is ------------------------------------------------------------
    def async_def_call(self, expr, scopes) -> bool:
        """A call of an undecorated `async def` of this file (not an async generator) visible here."""
        if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Name):
            return False
        name = expr.func.value
        defs = self.facts.defs.get(name, [])
        bindings = self.analysis.bindings.get(name, [])
        if len(defs) != 1 or len(bindings) != 1 or bindings[0].scope not in scopes:
            return False
        node = defs[0]
        return (isinstance(node, cst.FunctionDef) and node.asynchronous is not None and not node.decorators
                and id(node) not in self.facts.generators)

    def file_facts_against_run(self, pattern: RunPattern) -> Optional[str]:
        """File-wide reasons why asyncio.run() may behave differently here (P3a conditions 3, 6, 7; P12)."""
        modules, text = self.analysis.imported_modules, self.ctx.code(self.module)
        for module in LOOP_PATCHING_LIBRARIES:
            if module in modules:
                return "the file imports " + module
        hook = exit_hook(self.ctx, modules, text, self.tree)  # asyncio.run() closes the loop
        if hook is not None:
            return hook
        if self.facts.bare_excepts:
            return "a bare except: may catch KeyboardInterrupt or CancelledError"
        if SELF_SIGNAL.search(text):
            return "the file sends itself signals: a SIGINT cancels the main task at its next await under asyncio.run (R4)"
        why = run_ends_differently(self.tree, text) or unreaped_subprocess(self.tree, text)
        if why is not None:
            return why
        for site in self.sites(*_INTERRUPT):
            return "the file handles %s (Ctrl-C and cancellation differ under asyncio.run)" % site.terminal
        for site in self.sites(*_BACKGROUND):
            if site.terminal == "shield" and self.inside(site.expr, pattern.ruc):
                continue  # the run's own argument (wrapped, P7): nothing gives up waiting for it
            return "%s may leave work pending when the run ends" % site.terminal
        gather = early_gather(self.tree)
        if gather is not None:
            return gather
        frame = pattern.site.frame
        own_thread = frame.kind == "def" and isinstance(frame.node, cst.FunctionDef) and self.thread_target_only(frame.node)
        thread = None if own_thread else starts_thread(text)  # a target's loop is its own
        if thread is not None:
            return thread
        for site in self.sites("wait", "Task"):
            if self.loose_meaning(site) in ("asyncio.wait", "asyncio.Task"):
                return "%s may leave tasks pending when the run ends" % site.terminal
        if any(isinstance(node, cst.FunctionDef) and node.asynchronous is not None and id(node) in self.facts.generators
               for nodes in self.facts.defs.values() for node in nodes):
            return "an async generator is finalised differently by asyncio.run"
        for site in self.sites(*_DYNAMIC):
            if isinstance(site.expr, cst.Name):
                return "%s() may read the loop variable" % site.terminal
        for site, category, label in self.activities():
            if category == "policy":
                return "an event loop policy is used (%s)" % label
            if category == "bind" and not site.in_coroutine_body and not self.inside(site.expr, pattern.ruc):
                return "%s outside a coroutine binds to the current loop" % label
        return None
