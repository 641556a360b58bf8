"""`asyncio.get_event_loop()` right after `asyncio.set_event_loop(x)` on the entry path is `x`
(docs/SEMANTICS.md P3e; explicit_loop rewrites it).

With no loop running, get_event_loop() returns the policy's current loop (B1), which
set_event_loop(x) has just made x. That holds only when, between the two, nothing may set another
loop, run one or run code that could (every activity of entry_path.py counts, and so does an import,
which runs a module's code), x is still what was set (its one binding in its scope made the loop, so
it is not None: after set_event_loop(None) the call raises instead) and the policy is asyncio's or one
that only chooses the loop class (P9, P3b): nothing earlier installs another one, and no code outside
the standard library runs before the set (it could). Off the entry path a loop may be running, and
get_event_loop() then returns the running loop (B1): those sites are never looked at here.
"""
import re
from typing import Optional, Tuple

import libcst as cst

from .asyncio_api import LOOP_RUN_METHODS, SET_EVENT_LOOP
from .edits import has_comment
from .entry_path import EVERYTHING, LOOP_MAKERS
from .syntax import dotted_parts
# A string that is the name of what sets or picks the current loop: getattr(asyncio, "set_event_loop").
_NAMED_IN_STRING = re.compile(r"""(['"])(?:set_event_loop|set_event_loop_policy|get_event_loop_policy|_set_running_loop)\1""")
# Standard-library modules that run code this file does not show (a plugin loaded by path, a script, a pickled
# object's reducer) or set loops themselves (unittest's IsolatedAsyncioTestCase sets its own loop and then
# None): probe round 11.
_RUNS_OTHER_CODE = frozenset({"importlib", "imp", "runpy", "pkgutil", "zipimport", "code", "codeop", "pdb", "bdb",
                              "doctest", "unittest", "test", "pickle", "shelve", "marshal", "ctypes", "site",
                              "sitecustomize", "cProfile", "profile", "trace", "timeit"})
_LOADS_CODE = re.compile(r"\b(?:compile|__import__|exec_module|load_module|run_path|run_module|modules)\b")
# Names whose use may rebind a variable behind the analysis' back.
_DYNAMIC = frozenset({"globals", "locals", "vars", "eval", "exec"})


def set_loop_name(lc, entry, site) -> Tuple[Optional[str], Optional[str]]:
    """(x, None) when this entry-path get_event_loop() call certainly returns the loop x that a
    set_event_loop(x) earlier in its block set, else (None, why not) - why is None when there is no
    such set_event_loop(x) at all."""
    line = lc.line_of(site.call)
    block = lc.parent(line)
    if not isinstance(line, cst.SimpleStatementLine) or not isinstance(block, (cst.IndentedBlock, cst.Module)):
        return None, None
    body = list(block.body)
    here = body.index(line)
    found = _nearest_set(lc, body[:here])
    if found is None:
        return None, None
    set_line, set_site, name = found
    why = (_not_the_loop(lc, site, body, set_line, name) or _blocked_before(lc, entry, set_line)
           or _between(lc, entry, site, body[body.index(set_line) + 1:here], set_line,
                       _runs_of_set_loop(lc, name, set_line, body, site.frame.scopes())))
    if why is None and has_comment(site.call):
        why = "a comment inside the call would be lost"
    return (None, why) if why else (name, None)


def _nearest_set(lc, before):
    """(line, site, x) of the nearest line among `before` that is just `set_event_loop(x)`, x a name (a
    statement after it on its line would escape the check of what runs between)."""
    sets = {id(s.call): s for s in lc.sites_of(SET_EVENT_LOOP) if s.call is not None}
    for line in reversed(before):
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            continue
        call = line.body[0].value if isinstance(line.body[0], cst.Expr) else None
        if id(call) in sets and len(call.args) == 1 and not call.args[0].keyword and not call.args[0].star \
                and isinstance(call.args[0].value, cst.Name):
            return line, sets[id(call)], call.args[0].value.value
    return None


def _not_the_loop(lc, site, body, set_line, name) -> Optional[str]:
    """Why x may not hold the loop that was made for it, or None: its only binding in its scope is
    `x = <loop maker>()` in this block before the set, and nothing can rebind it unseen."""
    analysis = lc.analysis
    scopes = site.frame.scopes()
    scope = analysis.binding_scope(name, scopes)
    if scope is not scopes[0] or analysis.bindings_in(name, scope) != 1 or name in lc.facts.nonlocals:
        return "%s may be rebound" % name
    if any(isinstance(s.expr, cst.Name) and s.terminal in _DYNAMIC for s in analysis.sites):
        return "the file uses globals()/locals()/vars()/eval/exec, which may rebind %s" % name
    if _maker_line(lc, body, set_line, name, scopes) is not None:
        return None
    return "%s is not made by new_event_loop() earlier in this block (it may be None)" % name


def _maker_line(lc, body, set_line, name, scopes):
    """The line `name = <loop maker>()` of `body` before the set, or None."""
    for line in body[:body.index(set_line)]:
        if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and isinstance(line.body[0], cst.Assign):
            assign = line.body[0]
            if len(assign.targets) == 1 and isinstance(assign.targets[0].target, cst.Name) \
                    and assign.targets[0].target.value == name and isinstance(assign.value, cst.Call) \
                    and not assign.value.args and lc.analysis.resolve(assign.value.func, scopes) in LOOP_MAKERS:
                return line
    return None


def _blocked_before(lc, entry, set_line) -> Optional[str]:
    """A policy that may override get_event_loop(), or code loopshift cannot see, before the set."""
    for site, category, label in lc.activities():
        if category == "policy" and not lc.class_only_policy(site):
            return "%s may install a policy that decides what get_event_loop() returns" % label
    for hit in lc.hits(entry, set_line, -1, frozenset({"unknown"})):
        if not lc.known_foreign_call(hit.site):
            return "%s runs earlier and may install a policy" % hit.label[1]
    return None


def _runs_of_set_loop(lc, name, set_line, body, scopes):
    """exempt(site) for `x.run_until_complete(...)` and `x.run_forever()` of the loop that was set, when no code
    such a run can execute may set another loop; else None. What a run executes is this file's code (its
    coroutines, callbacks, protocols) and the standard library's. So: the file imports nothing from outside the
    standard library (no module of the project either), by name, star or importlib; and the only sites in it
    that set a loop, install or ask a policy, or run a loop are the set line, the `x = new_event_loop()` line
    before it, and runs of this kind (no asyncio.run or Runner, which leave no loop current at their end).
    Code of the standard library sets no loop but asyncio's own runners. A thread's set_event_loop() would set
    its own thread's loop, but it is one of those sites, and declines too."""
    facts = lc.facts
    if facts.imported or any(lc.imports_by_call(node) for node in lc.tree.nodes if type(node) is cst.Call):
        return None
    for node in lc.tree.nodes:
        if type(node) is cst.ImportFrom and isinstance(node.names, cst.ImportStar) and (
                node.relative or node.module is None or dotted_parts(node.module)[0] not in facts.standard):
            return None
    if any(isinstance(s.expr, cst.Name) and s.terminal in _DYNAMIC for s in lc.analysis.sites):
        return None
    if _NAMED_IN_STRING.search(lc.ctx.code(lc.module)):
        return None  # getattr(asyncio, "set_event_loop")(...): a set no site shows
    if _RUNS_OTHER_CODE & lc.analysis.imported_modules or _LOADS_CODE.search(lc.ctx.code(lc.module)):
        return None
    maker = _maker_line(lc, body, set_line, name, scopes)

    def own_run(site) -> bool:
        expr = site.expr
        return (site.terminal in LOOP_RUN_METHODS and isinstance(expr, cst.Attribute)
                and isinstance(expr.value, cst.Name) and expr.value.value == name
                and site.call is not None and site.call.func is expr)

    for site, category, _label in lc.activities():
        if category not in ("set", "policy", "unknown", "run"):
            continue
        if lc.inside(site.expr, set_line) or (maker is not None and lc.inside(site.expr, maker)):
            continue
        if category == "run" and site.terminal in LOOP_RUN_METHODS:
            continue  # ruc and run_forever run this file's code and the standard library's, checked here
        return None
    return own_run


def _between(lc, entry, site, lines, set_line, own_run=None) -> Optional[str]:
    """Anything that may set, run or read a loop, or run unseen code, between the set and this call. `own_run`:
    runs of the set loop that cannot set another one (_runs_of_set_loop) do not count."""
    for line in lines:
        for node in lc.tree.nodes[slice(*lc.span(line))]:
            if isinstance(node, (cst.Import, cst.ImportFrom)):
                return "an import between set_event_loop() and get_event_loop() runs a module's code"
    after = lc.span(set_line)[1]
    if any(n.startswith("__") and n.endswith("__") for n in lc.touching(EVERYTHING)):
        return "a special method of this file touches the loop, and an operator may call it"
    own = entry.fn  # None: the main guard or a script's module code
    if own is not None and id(own) in lc.facts.generators:
        return "%s() is a generator: whoever advances it decides what runs between, maybe a loop" % own.name.value
    line = lc.line_of(site.call)
    for hit in lc.hits(entry, line, -1, EVERYTHING, inner=site.call, skip=(site.expr,), exempt=own_run):
        if hit.anytime or (hit.owner is own and hit.where >= after):
            return "%s runs between set_event_loop() and get_event_loop()" % hit.label[1]
    return None
