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
"""
from collections import Counter, defaultdict
from typing import Dict, List, Optional, Tuple

import libcst as cst

from .analysis import Ambiguous, dotted_parts
from .edits import REMOVE, edit_from_import, has_comment

# Terminal names matched by spelling -> category. "get"/"policy"/"bind"/"read" consult the thread's
# current loop (readers); "set"/"run" change or run loops.
_SPELLED = {
    "get_event_loop": "get", "get_event_loop_policy": "policy", "set_event_loop_policy": "policy",
    "new_event_loop": "set", "set_event_loop": "set", "run_until_complete": "run", "run_forever": "run",
    "ensure_future": "bind", "gather": "bind", "shield": "bind", "wrap_future": "bind",
    "create_task": "bind", "create_future": "bind", "all_tasks": "read", "current_task": "read",
}
# Generic names that count only when they resolve to these (conservatively: or are ambiguous).
_MEANING = {
    "asyncio.run": "run", "asyncio.Runner": "run", "uvloop.run": "run", "uvloop.install": "policy",
    "nest_asyncio.apply": "policy", "asyncio.Future": "bind", "asyncio.Task": "bind",
    "asyncio.StreamReader": "bind", "asyncio.StreamReaderProtocol": "bind", "asyncio.StreamWriter": "bind",
}
# Before 3.10 these bind to get_event_loop() when constructed (docs/SEMANTICS.md B2).
PRIMITIVES = {"Queue", "PriorityQueue", "LifoQueue", "Lock", "Event", "Condition", "Semaphore",
              "BoundedSemaphore"}
READERS = frozenset({"get", "policy", "bind", "read", "unknown"})
EVERYTHING = READERS | {"set", "run"}
# Standard-library modules whose functions never touch an event loop. A call of anything else imported
# (third-party or project code: `client = Client()` whose __init__ does get_event_loop(), P5) is
# "unknown" and may have set, read or bound the loop.
_STDLIB = frozenset("""
    __future__ abc argparse array ast atexit base64 binascii bisect builtins bz2 calendar cmath cmd codecs
    collections colorsys concurrent configparser contextlib contextvars copy copyreg csv ctypes dataclasses
    datetime decimal difflib dis email enum errno faulthandler fcntl filecmp fnmatch fractions functools gc
    getopt getpass gettext glob graphlib gzip hashlib heapq hmac html http importlib inspect io ipaddress
    itertools json keyword linecache locale logging lzma math mimetypes mmap multiprocessing numbers operator
    os pathlib pickle pkgutil platform plistlib pprint profile pstats pwd queue random re reprlib resource
    sched secrets select selectors shelve shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat
    statistics string struct subprocess sys sysconfig tarfile tempfile textwrap threading time timeit
    token tokenize tomllib traceback tracemalloc types typing unicodedata unittest urllib uuid warnings
    weakref xml zipfile zlib zoneinfo""".split())
# set_event_loop_policy(<one of these>()) keeps the default get_event_loop/new_event_loop behaviour.
_PLAIN_POLICIES = {"asyncio.DefaultEventLoopPolicy", "asyncio.WindowsSelectorEventLoopPolicy",
                   "asyncio.WindowsProactorEventLoopPolicy", "asyncio.windows_events.WindowsSelectorEventLoopPolicy",
                   "asyncio.windows_events.WindowsProactorEventLoopPolicy"}
# In-file evidence that work may still be pending when the run ends (P3a condition 7, R5).
_BACKGROUND = {"create_task", "ensure_future", "run_in_executor", "to_thread", "call_soon",
               "call_soon_threadsafe", "call_later", "call_at", "add_signal_handler", "add_reader",
               "add_writer", "run_coroutine_threadsafe", "as_completed", "start_server",
               "start_unix_server", "create_server", "create_unix_server", "create_datagram_endpoint"}
# Ctrl-C and cancellation are handled differently by asyncio.run on 3.11+ (R4, P12).
_INTERRUPT = {"KeyboardInterrupt", "CancelledError", "BaseException"}
_DYNAMIC = {"globals", "locals", "vars", "eval", "exec"}
_ITERATION = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda,
              cst.FunctionDef, cst.ClassDef)
NAMES = frozenset(set(_SPELLED) | {q.rsplit(".", 1)[1] for q in _MEANING} | PRIMITIVES | _BACKGROUND
                  | _INTERRUPT | _DYNAMIC | {"run", "wait", "wait_for", "close", "Thread"})


class _Facts:
    """Defs by name, and a few facts that need the whole tree, from the shared TreeIndex's nodes."""

    def __init__(self, tree):
        self.defs: Dict[str, List[cst.CSTNode]] = defaultdict(list)
        self.loop_vars: set = set()
        self.bare_excepts = 0
        self.nonlocals: set = set()
        self.generators: set = set()   # ids of defs whose own body yields
        self.imported: set = set()     # names bound by imports of modules outside the standard library
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
        if isinstance(node, cst.ImportFrom):
            module = dotted_parts(node.module) if node.module is not None else None
            if node.relative or module is None or module[0] not in _STDLIB | {"asyncio"}:
                if not isinstance(node.names, cst.ImportStar):
                    self.imported.update((a.asname.name if a.asname else a.name).value for a in node.names)
            return
        for alias in node.names:
            parts = dotted_parts(alias.name)
            if parts[0] not in _STDLIB | {"asyncio"}:
                self.imported.add(alias.asname.name.value if alias.asname else parts[0])


_FACT_KINDS = frozenset({cst.FunctionDef, cst.ClassDef, cst.Yield, cst.ExceptHandler, cst.Import, cst.ImportFrom,
                         cst.Nonlocal, cst.Assign})


class Entry:
    """Where an entry site runs: the main guard, or the entry function and its one call there."""

    def __init__(self, kind: str, fn=None, call=None):
        self.kind, self.fn, self.call = kind, fn, call


class RunPattern:
    """`[loop = get_event_loop()|new_event_loop()] ... [x =] loop.run_until_complete(arg) ... [close]`."""

    def __init__(self, site, var=None):
        self.site = site                  # the get_event_loop/new_event_loop call site
        self.var = var                    # loop variable name, None for the chained form
        self.assign_line = None           # `loop = ...` line (removed)
        self.set_line = None              # `set_event_loop(loop)` line (removed)
        self.ruc = None                   # the run_until_complete Call
        self.ruc_line = None              # the statement line containing it
        self.try_node = None              # try whose body holds ruc_line and whose finally closes the loop
        self.close_line = None            # `loop.close()` line (removed)
        self.unset_line = None            # `set_event_loop(None)` line in that finally (removed with it)

    @property
    def removed_lines(self):
        return [line for line in (self.assign_line, self.set_line, self.close_line, self.unset_line) if line]


_LAST: List = []  # (ctx, module, Lifecycle): asyncio_run's analysis serves explicit_loop if nothing changed


class Lifecycle:
    @classmethod
    def of(cls, ctx, module: cst.Module) -> "Lifecycle":
        if _LAST and _LAST[0][0] is ctx and _LAST[0][1] is module:
            return _LAST[0][2]
        found = cls(ctx, module)
        _LAST[:] = [(ctx, module, found)]
        return found

    def __init__(self, ctx, module: cst.Module):
        self.ctx, self.module = ctx, module
        self.tree = ctx.tree(module)
        self.facts = _Facts(self.tree)
        self.analysis = ctx.analysis(module, NAMES | set(self.facts.defs) | self.facts.loop_vars
                                     | self.facts.imported)
        self.sites_by_name = defaultdict(list)
        for site in self.analysis.sites:
            self.sites_by_name[site.terminal].append(site)
        self.star_asyncio = any(mod == "asyncio" for _, mod in self.analysis.star_imports)
        self._activities = None
        self._touching: Dict[frozenset, Dict[str, Tuple[str, str]]] = {}

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

    # -- activity: what may consult or change the thread's current loop ---------------------
    def activities(self):
        """[(site, category, label)] for every site that may touch the thread's current loop."""
        if self._activities is None:
            found = []
            for site in self.analysis.sites:
                category = self._category(site)
                if category:
                    found.append((site, category, self.label(site)))
            self._activities = found
        return self._activities

    def _category(self, site) -> Optional[str]:
        if self._foreign_call(site) is not None:
            return "unknown"
        name, meaning = site.terminal, self.loose_meaning(site)
        if isinstance(meaning, str) and meaning.startswith("asyncio.") and meaning[8:] in _SPELLED:
            name = meaning[8:]  # `from asyncio import get_event_loop as gel`
        if name in _SPELLED:
            if name == "set_event_loop_policy" and self._plain_policy(site):
                return None
            return _SPELLED[name]
        if meaning in _MEANING:
            return _MEANING[meaning]
        if name in PRIMITIVES and meaning == "asyncio." + name and self.ctx.target <= (3, 9):
            return "bind"
        return None

    def _called(self, name) -> Optional[cst.Call]:
        """The call of `name` or of `name.a.b`, if that is what the expression does."""
        node = name
        while isinstance(self.parent(node), cst.Attribute) and self.parent(node).value is node:
            node = self.parent(node)
        call = self.parent(node)
        return call if isinstance(call, cst.Call) and call.func is node else None

    def _plain_policy(self, site) -> bool:
        call = site.call
        if call is None or len(call.args) != 1 or not isinstance(call.args[0].value, cst.Call):
            return False
        inner = call.args[0].value
        return not inner.args and self.analysis.resolve(inner.func, site.frame.scopes()) in _PLAIN_POLICIES

    def _foreign_call(self, site) -> Optional[cst.Call]:
        """The call when the site calls something imported from outside the standard library."""
        if site.terminal in self.facts.imported and isinstance(site.expr, cst.Name):
            return self._called(site.expr)
        return None

    def label(self, site) -> str:
        call = self._foreign_call(site)
        if call is not None:
            name = ".".join(dotted_parts(call.func) or [site.terminal])
            return "%s() (code from outside the standard library)" % name
        parts = dotted_parts(site.expr)
        text = ".".join(parts) if parts else site.terminal
        return text + ("()" if site.call is not None else "")

    def touching(self, categories: frozenset) -> Dict[str, Tuple[str, str]]:
        """This file's sync functions/classes whose code (transitively) touches the loop, each with
        the (category, label) of one thing it does."""
        if categories not in self._touching:
            edges = defaultdict(set)   # referenced name -> names of the defs referring to it
            found: Dict[str, Tuple[str, str]] = {}
            for site, category, label in self.activities():
                if category in categories:
                    for owner in self._enclosing_sync_defs(site):
                        found.setdefault(owner, (category, label))
            if "unknown" in categories:
                for name, label in self._foreign_wrapped():
                    found.setdefault(name, ("unknown", label))
            for name in self.facts.defs:
                for site in self.sites_by_name.get(name, ()):
                    for owner in self._enclosing_sync_defs(site):
                        edges[name].add(owner)
            work = list(found)
            while work:
                name = work.pop()
                for owner in edges.get(name, ()):
                    if owner not in found:
                        found[owner] = found[name]
                        work.append(owner)
            self._touching[categories] = found
        return self._touching[categories]

    def _foreign_wrapped(self):
        """(name, label) of this file's classes with a foreign base and defs with a foreign decorator:
        calling them runs code loopshift cannot see."""
        for site in self.analysis.sites:
            if site.terminal not in self.facts.imported or not isinstance(site.expr, cst.Name):
                continue
            node = self.parent(site.expr)
            while node is not None and not isinstance(node, (cst.Arg, cst.Decorator, cst.IndentedBlock)):
                node = self.parent(node)
            owner = self.parent(node) if node is not None else None
            if isinstance(node, cst.Arg) and isinstance(owner, cst.ClassDef) and node in owner.bases:
                yield owner.name.value, "inherits from %s" % site.terminal
            elif isinstance(node, cst.Decorator) and isinstance(owner, cst.FunctionDef) and owner.asynchronous is None:
                yield owner.name.value, "decorated by %s" % site.terminal

    @staticmethod
    def _enclosing_sync_defs(site):
        names, frame = [], site.frame
        while frame is not None and frame.kind != "async":
            if frame.kind in ("def", "class"):
                names.append(frame.node.name.value)
            frame = frame.parent
        return names

    def _timing(self, site):
        """(owner, anytime): the def whose call runs this code (None: import time) and whether it
        sits in a lambda, which may be called at any moment."""
        frame, anytime = site.frame, False
        while frame.kind in ("class", "genexp", "lambda"):
            anytime = anytime or frame.kind == "lambda"
            frame = frame.parent
        return (None if frame.kind == "module" else frame.node), anytime

    def _where(self, site) -> int:
        # An Attribute starts where its receiver does; its own name comes after the receiver runs.
        return self.span(site.expr.attr if isinstance(site.expr, cst.Attribute) else site.expr)[0]

    def scan(self, entry: Entry, boundary, direction: int, categories, inner=None, skip=()):
        """(category, label) of something in `categories` that may run before (direction -1) or after (+1) the
        statement `boundary` on the entry path, or None. Inside `boundary`, code before or inside
        `inner` runs before it and code outside `inner` counts as after (-1/+1 respectively); without
        `inner` all of it counts both ways. Sites in `skip` (nodes) are the pattern itself."""
        if entry.fn is not None and entry.call is None:
            return "call", "the entry function's call"
        if entry.call is not None:
            skip = tuple(skip) + (entry.call.func,)
        touching = self.touching(frozenset(categories))
        candidates = [(site, (category, label)) for site, category, label in self.activities()
                      if category in categories]
        candidates += [(site, (touching[name][0], "%s() (%s)" % (site.terminal, touching[name][1])))
                       for name in touching for site in self.sites_by_name.get(name, ())]
        best = None  # the nearest one, so the report names what the reader will look for
        for site, label in candidates:
            if any(self.inside(site.expr, node) for node in skip) or self._thread_target(site):
                continue
            owner, anytime = self._timing(site)
            if owner is None:
                anchor = entry.call if entry.fn is not None else boundary
            elif entry.fn is not None and owner is entry.fn:
                anchor = boundary
            else:
                continue
            where, (start, end) = self._where(site), self.span(anchor)
            hit = anytime
            if not hit and start <= where < end:
                if anchor is not boundary or inner is None:
                    hit = True
                else:
                    in_inner = self.inside(site.expr, inner)
                    # A call runs after its arguments: f(<inner>) calls f after inner.
                    wraps = site.call is not None and self.inside(inner, site.call)
                    hit = (in_inner or (where < self.span(inner)[0] and not wraps)) if direction < 0 \
                        else not in_inner
            elif not hit:
                hit = where < start if direction < 0 else where >= end
            # Sites in the entry function are nearer than module code before its call.
            rank = (owner is not None, where * -direction)
            if hit and (best is None or rank > best[0]):
                best = (rank, label)
        return best[1] if best else None

    # -- entry path -----------------------------------------------------------------------------
    def entry(self, site) -> Tuple[Optional[Entry], Optional[str]]:
        """The entry a site runs in and, when it may run more than once or off the main thread, why."""
        kind = self.analysis.entry_kind(site)
        if kind is None:
            return None, None
        if kind == "main-guard":
            entry = Entry(kind)
            return entry, self.repeats(site.expr, None)
        fn = site.frame.node
        entry = Entry(kind, fn)
        if fn.decorators:
            return entry, "the entry function %s() is decorated, so the decorator decides how often and in " \
                          "which thread it runs" % fn.name.value
        calls = [s.call for s in self.sites_by_name.get(fn.name.value, ())
                 if s.call is not None and isinstance(s.expr, cst.Name) and s.frame.kind == "module"]
        if len(calls) != 1:
            return entry, "%s() is called %d times by the main guard" % (fn.name.value, len(calls))
        entry.call = calls[0]
        return entry, self.repeats(entry.call, None) or self.repeats(site.expr, fn)

    def repeats(self, node, stop) -> Optional[str]:
        node = self.parent(node)
        while node is not None and node is not stop:
            if isinstance(node, _ITERATION):
                return "it is inside a loop, comprehension or nested function and may run more than once"
            node = self.parent(node)
        return None

    def _thread_target(self, site) -> bool:
        """`threading.Thread(target=f)`: f runs in another thread, with a loop of its own (P14)."""
        arg = self.parent(site.expr)
        call = self.parent(arg)
        return (isinstance(arg, cst.Arg) and arg.value is site.expr and arg.keyword is not None
                and arg.keyword.value == "target" and isinstance(call, cst.Call)
                and self.analysis.resolve(call.func, site.frame.scopes()) == "threading.Thread")

    def thread_target_only(self, fn) -> bool:
        """Every reference to fn is `threading.Thread(target=fn)`: it runs alone in a fresh thread."""
        name = fn.name.value
        sites = [s for s in self.sites_by_name.get(name, ()) if isinstance(s.expr, cst.Name)]
        if len(self.analysis.bindings.get(name, ())) != 1 or not sites or self.analysis.name_loads[name] != len(sites):
            return False
        return all(self._thread_target(site) for site in sites)

    # -- the loop variable ------------------------------------------------------------------
    def assignment(self, site):
        """(Assign, its line, variable name) when the call is `name = <call>` on a line of its own."""
        node = self.parent(site.call)
        if not (isinstance(node, cst.Assign) and node.value is site.call and len(node.targets) == 1
                and isinstance(node.targets[0].target, cst.Name)):
            return None
        line = self.parent(node)
        return node, line, node.targets[0].target.value

    def scope_of(self, name: str, frame):
        """The scope node whose binding of `name` a load in `frame` sees (None: unbound/builtin)."""
        bound = {id(b.scope) for b in self.analysis.bindings.get(name, ())}
        for index, scope in enumerate(frame.scopes()):
            if isinstance(scope, cst.ClassDef) and index > 0:
                continue
            if id(scope) in bound:
                return scope
        return None

    def uses(self, var: str, scope) -> List[Tuple[str, cst.CSTNode]]:
        """Every load of the variable bound in `scope`: ("ruc", Call) | ("close", line) |
        ("set", line) | ("other", Name)."""
        found = []
        for site in self.sites_by_name.get(var, ()):
            if not isinstance(site.expr, cst.Name) or self.scope_of(var, site.frame) is not scope:
                continue
            found.append(self._use(site))
        return found

    def _use(self, site):
        name, up = site.expr, self.parent(site.expr)
        if isinstance(up, cst.Attribute) and up.value is name:
            call = self.parent(up)
            if isinstance(call, cst.Call) and call.func is up:
                if up.attr.value == "run_until_complete":
                    return "ruc", call
                line = self._statement_call(call)
                if up.attr.value == "close" and not call.args and line is not None:
                    return "close", line
        if isinstance(up, cst.Arg) and up.keyword is None:
            call = self.parent(up)
            line = self._statement_call(call)
            if (line is not None and len(call.args) == 1
                    and self.analysis.resolve(call.func, site.frame.scopes()) == "asyncio.set_event_loop"):
                return "set", line
        return "other", name

    def _statement_call(self, call):
        """The line when `call` is the whole of a one-statement line."""
        expr = self.parent(call)
        line = self.parent(expr)
        if (isinstance(expr, cst.Expr) and isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                and isinstance(self.parent(line), cst.IndentedBlock)):
            return line
        return None

    def bindings_in(self, var: str, scope) -> int:
        return sum(1 for b in self.analysis.bindings.get(var, ()) if b.scope is scope)

    # -- the run pattern --------------------------------------------------------------------------
    def run_pattern(self, site) -> Tuple[Optional[RunPattern], Optional[str]]:
        """Match the statements around a get_event_loop()/new_event_loop() call site."""
        up = self.parent(site.call)
        if isinstance(up, cst.Attribute) and up.value is site.call and up.attr.value == "run_until_complete":
            pattern = RunPattern(site)
            pattern.ruc = self.parent(up)
            if not isinstance(pattern.ruc, cst.Call) or pattern.ruc.func is not up:
                return None, "not a call"
            pattern.ruc_line = self.run_line(pattern.ruc)
            return (pattern, None) if pattern.ruc_line is not None else (None, "run_until_complete is nested")
        found = self.assignment(site)
        if found is None:
            return None, "the loop is not assigned to a name"
        _, line, var = found
        block = self.parent(line)
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                and isinstance(block, cst.IndentedBlock)):
            return None, "the assignment shares its line"
        scope = site.frame.node
        pattern = RunPattern(site, var)
        pattern.assign_line = line
        if self.bindings_in(var, scope) != 1 or var in self.facts.nonlocals:
            return None, "'%s' is bound more than once" % var
        for kind, node in self.uses(var, scope):
            if kind == "ruc" and pattern.ruc is None:
                pattern.ruc = node
            elif kind == "close" and pattern.close_line is None:
                pattern.close_line = node
            elif kind == "set" and pattern.set_line is None:
                pattern.set_line = node
            else:
                return None, "'%s' has other uses" % var
        if pattern.ruc is None:
            return None, "no run_until_complete"
        pattern.ruc_line = self.run_line(pattern.ruc)
        if pattern.ruc_line is None:
            return None, "run_until_complete is nested"
        return self._place(pattern, block)

    def run_line(self, call):
        """The line holding the run, when nothing between them can skip or repeat it."""
        node = self.parent(call)
        while isinstance(node, (cst.Arg, cst.Call, cst.Expr, cst.Assign, cst.AnnAssign, cst.Return)):
            node = self.parent(node)
        if isinstance(node, cst.SimpleStatementLine) and isinstance(self.parent(node), cst.IndentedBlock):
            return node
        return None

    def _place(self, pattern: RunPattern, block):
        """The run must follow the assignment in its block, directly or in the body of a try there;
        loop.close() follows the run in the block or sits in that try's finally."""
        body = list(block.body)
        index = body.index(pattern.assign_line)
        run_top = pattern.ruc_line
        if self.parent(run_top) is not block:
            inner = self.parent(run_top)
            candidate = self.parent(inner)
            if not (isinstance(candidate, cst.Try) and candidate.body is inner and self.parent(candidate) is block):
                return None, "the run is not in the same block"
            pattern.try_node = run_top = candidate
        run_index = body.index(run_top)
        if run_index <= index:
            return None, "the run comes first"
        if pattern.set_line is not None and not (self.parent(pattern.set_line) is block
                                                 and index < body.index(pattern.set_line) < run_index):
            return None, "set_event_loop(loop) is elsewhere"
        close = pattern.close_line
        if close is not None:
            final = pattern.try_node.finalbody if pattern.try_node is not None else None
            if final is not None and self.parent(close) is final.body:
                pattern.unset_line = self._unset_line(final.body, pattern.site.frame.scopes())
            elif not (self.parent(close) is block and body.index(close) > run_index):
                return None, "loop.close() is elsewhere"
        return pattern, None

    def closes_in_finally(self, pattern: RunPattern) -> bool:
        final = pattern.try_node.finalbody if pattern.try_node is not None else None
        return final is not None and pattern.close_line is not None and self.parent(pattern.close_line) is final.body

    def _unset_line(self, block, scopes):
        """A `set_event_loop(None)` line in the finally that closes the loop."""
        for line in block.body:
            if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                    and isinstance(line.body[0], cst.Expr) and isinstance(line.body[0].value, cst.Call)):
                continue
            call = line.body[0].value
            if (len(call.args) == 1 and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == "None"
                    and self.analysis.resolve(call.func, scopes) == "asyncio.set_event_loop"):
                return line
        return None

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
        modules = self.analysis.imported_modules
        for module in ("nest_asyncio", "tornado", "atexit"):
            if module in modules:
                return "the file imports " + module
        if self.facts.bare_excepts:
            return "a bare except: may catch KeyboardInterrupt or CancelledError"
        for site in self.sites(*_INTERRUPT):
            return "the file handles %s (Ctrl-C and cancellation differ under asyncio.run)" % site.terminal
        for site in self.sites(*_BACKGROUND):
            return "%s may leave work pending when the run ends" % site.terminal
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


class ImportPlan:
    """Expressions naming asyncio functions at a site, and the from-import edits they need."""

    def __init__(self, lifecycle: Lifecycle):
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
