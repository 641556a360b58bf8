"""unittest tests that take the implicit loop -> a loop per test (docs/SEMANTICS.md P13a).

`self.loop = asyncio.get_event_loop()` first thing in a TestCase's setUp(), or `loop = ...` first
thing in a test method of a class without setUp(), becomes (a first statement
`[x =] get_event_loop().run_until_complete(...)` of a test gets these lines before it, with a new name)

    self.loop = asyncio.new_event_loop()
    asyncio.set_event_loop(self.loop)
    self.addCleanup(asyncio.set_event_loop, None)
    self.addCleanup(self.loop.close)

The old call handed every test of the process one loop that was never closed (created on first use,
with a DeprecationWarning on 3.12/3.13, a RuntimeError on 3.14). A test sees no difference while
nothing made under one test's loop is used by another test: so the class must be alone (one
unittest.TestCase base, not subclassed or named elsewhere, its module imported by no other module of
the project), share nothing across tests (no setUpClass/setUpModule, no class-level or module-level
state its methods reach, no stores outside the instance), take the loop before anything may read
the current loop, and not let it escape; and every other test and helper of the file must not keep
using the implicit loop, which is no longer current after the cleanup. Cleanups run after
tearDown(), which still sees the open loop. Sites are found by test_loops.owned_sites, which
loop_diagnostics skips: each is rewritten here or reported here (LS901-LS906), never both.
"""
import re
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from loopshift_support.asyncio_api import LOOP_LIBRARIES, SITE_MODULES
from loopshift_support.decisions import Diagnose, Leave, Rewrite, settle
from loopshift_support.edits import replace_nodes
from loopshift_support.loop_runs import MANAGES_LOOPS, READS_CURRENT, is_generator, meaning, sync_loop_sites
from loopshift_support.loop_variable import assigned_name
from loopshift_support.pending_work import left_pending
from loopshift_support.project_bases import foreign_base_problem, foreign_places
from loopshift_support.project_effects import imported_hazard, imported_pending, other_tests_hazard
from loopshift_support.test_loops import (class_problem, import_time, kept_by_methods, loop_bound_handed_on, loop_runners,
                                          loop_uses, methods, owned_sites, same_file_subclasses, self_param,
                                          subclass_problem, sync_test_work, take_statement, where)
from loopshift_support.test_state import kept_by_functions, loop_bound_kept, module_state, shared_state

NAME = "unittest_loop"
DESCRIPTION = "unittest setUp()/test methods taking get_event_loop() -> a new loop per test, closed in cleanup"
TRIGGERS = ("get_event_loop",)
REQUIRES = ("unittest",)
MIN_TARGET = (3, 7)
ORDER = 55
SITE_NAMES = MANAGES_LOOPS
RESOLVES_THROUGH = SITE_MODULES
_MANAGERS = frozenset("asyncio." + name for name in MANAGES_LOOPS)
_SEE = "see docs/SEMANTICS.md P13a in the loopshift repository"
CODES = {
    "LS901": ("the tests may share loop-bound state, so they need one loop",
              "Under get_event_loop() every test of the process ran on one loop. This class keeps or\n"
              "reaches state that outlives a test (setUpClass/setUpModule, class attributes, module\n"
              "variables, stores outside the test instance, or tasks a coroutine starts and nobody awaits,\n"
              "which ran on during later tests); futures, locks, queues or tasks in it are bound to the\n"
              "loop that made or first used them, and fail or die on a loop per test (" + _SEE + ").\n"
              "Fix: make that state per test (in setUp), then give each test its own loop:\n"
              "self.loop = asyncio.new_event_loop(); asyncio.set_event_loop(self.loop);\n"
              "self.addCleanup(asyncio.set_event_loop, None); self.addCleanup(self.loop.close)."),
    "LS902": ("the test class may be set up or extended outside this file",
              "Other bases (mixins), a metaclass, a decorator, a subclass or another module importing\n"
              "this file may add setUp/tearDown or shared state that relies on the one implicit loop\n"
              "(" + _SEE + "). Fix: give the tests their own loop by hand where that code is known."),
    "LS903": ("the loop is taken or used in a way a loop per test would change",
              "Only `self.<name> = asyncio.get_event_loop()` first in setUp(), or `name = ...` (or a whole\n"
              "statement `[x =] get_event_loop().run_until_complete(...)`) first in a test method of a class\n"
              "without setUp(), is rewritten, when the loop does not escape the\n"
              "test (stored elsewhere, handed to a thread), the class makes or sets no loops itself, and no\n"
              "test closes the loop, or changes its settings outside setUp(), while other tests share it\n"
              "(" + _SEE + "). Fix: take the loop first, keep it in the test, or migrate by hand."),
    "LS904": ("other code of this file keeps using the implicit loop",
              "A loop per test is closed and unset after each test; code of this file that still calls\n"
              "get_event_loop() or makes futures outside a coroutine (a declined test, a helper, module\n"
              "code) would then find no current loop where it used to find the shared one (" + _SEE + ").\n"
              "Fix: give that code its own loop too, then run loopshift again."),
    "LS907": ("an event loop policy or loop library decides what get_event_loop() did here",
              "A policy installed in this file (set_event_loop_policy) or a library that patches or replaces\n"
              "asyncio's loops (nest_asyncio, uvloop, tornado, ...) may have made get_event_loop() behave\n"
              "differently from new_event_loop() + set_event_loop() (" + _SEE + ").\n"
              "Fix: give each test its own loop by hand, the way that library expects."),
    "LS905": ("setUpClass() takes the loop: the class's tests share it on purpose",
              "Objects made in setUpClass() are bound to that loop and used by every test of the class, so a\n"
              "loop per test would break them (" + _SEE + "). Fix: own a loop for the class:\n"
              "cls.loop = asyncio.new_event_loop(); asyncio.set_event_loop(cls.loop) in setUpClass() and\n"
              "close it, then asyncio.set_event_loop(None), in tearDownClass()."),
    "LS906": ("new_event_loop/set_event_loop cannot be named here",
              "The file imports get_event_loop by name and new_event_loop or set_event_loop is bound to\n"
              "something else. Fix: import asyncio and write the loop per test with asyncio.new_event_loop()."),
}


@dataclass(frozen=True)
class Take(Rewrite):
    """The line `target = get_event_loop()` becomes new + set + two cleanups; a chained run
    `[x =] get_event_loop().run_until_complete(...)` gets them before it, and runs on `target`."""
    line: cst.SimpleStatementLine
    target: cst.BaseExpression
    chained: bool
    me: str
    new: cst.BaseExpression
    set_: cst.BaseExpression


def transform(module: cst.Module, ctx) -> cst.Module:
    analysis = ctx.analysis(module, SITE_NAMES)
    tree = ctx.tree(module)
    owned = owned_sites(analysis, tree, ctx)
    if not owned:
        return module
    foreign = {}  # id(class) -> [(base, module)] of its bases in other project modules (project_bases)
    subs = {}     # id(class) -> the classes of this file that subclass it (same_file_subclasses)
    for o in owned:
        if id(o.cls) not in foreign:
            foreign[id(o.cls)] = foreign_places(ctx, analysis, tree, o.cls) or []
            subs[id(o.cls)] = same_file_subclasses(analysis, tree, o.cls) if not foreign[id(o.cls)] else []
    stateful = module_state(analysis)
    firsts = {}  # id(method) -> its first owned site: the one that may take the loop
    for o in owned:
        firsts.setdefault(id(o.method), o)
    takers = sum(_tests_taking(o, foreign[id(o.cls)], subs[id(o.cls)]) for o in firsts.values())
    sharers = "%d tests of this file" % takers
    if (ctx.project or {}).get("jointTests"):
        # Other test modules' tests share the loop too; they get their own in the same run (src/joint-tests.ts).
        takers, sharers = max(takers, 2), "the tests of this file and of other test modules"
    snapshot = ctx.imports.snapshot()
    plans = []
    for o in owned:
        first = firsts[id(o.method)]
        plans.append((o, _plan(ctx, analysis, tree, o, stateful, takers, sharers, foreign[id(o.cls)], subs[id(o.cls)])
                      if first is o
                      else _follow(analysis, tree, o, plans[[p[0] for p in plans].index(first)][1], takers, sharers)))
    blocker = _blocker(ctx, module, analysis, tree, plans, takers, subs)
    if blocker is not None:
        ctx.imports.restore(snapshot)
        plans = [(o, p if not isinstance(p, (Take, Follows)) else Diagnose(blocker[0], o.site.call, blocker[1]))
                 for o, p in plans]
    mapping = {}
    for o, decision in plans:
        take = settle(ctx, decision)
        if take is None:
            continue
        ctx.imports.unused(analysis, o.site.call.func)
        mapping[id(take.line)] = cst.FlattenSentinel(_lines(take, o.site.call))
        ctx.record_change(o.site.call, "get_event_loop() -> a new loop for each test, made current and closed "
                          "in cleanup (docs/SEMANTICS.md P13a)")
    return replace_nodes(module, mapping) if mapping else module


@dataclass(frozen=True)
class Follows(Leave):
    """A later get_event_loop() of a method that took the loop first: it returns the current loop, the
    shared one before and the test's own after (unless code it calls sets another, in both alike), so
    it stays as written. After the rewrite it follows a set_event_loop(), where nothing reports it."""


def _follow(analysis, tree, o, first, takers, sharers):
    """The decision for a later site of the method whose first site was decided `first`. A variable it
    fills holds the same loop: it must stay in the test as the first one's (loop_uses)."""
    if isinstance(first, Take):
        name = assigned_name(lambda node: tree.parent.get(id(node)), o.site.call)
        target = tree.parent.get(id(o.site.call)).targets[0].target if name is not None else None
        uses = loop_uses(analysis, tree, o.cls, o.method, target) if target is not None else None
        if uses is not None and uses.escape is not None:
            return Diagnose("LS903", o.site.call, uses.escape[1])
        if uses is not None and (uses.closes or [w for w in uses.settings if w != "setUp"]) and takers > 1:
            return Diagnose("LS903", o.site.call, "'%s' closes the loop or changes its settings while %s share "
                            "it" % (name, sharers))
        return Follows("after the loop %s() takes" % o.method.name.value)
    if isinstance(first, Diagnose):
        return Diagnose(first.code, o.site.call, "as for the first get_event_loop() of %s(): %s"
                        % (o.method.name.value, first.message))
    return Diagnose("LS904", o.site.call, "%s() keeps the implicit loop: a suppression comment covers its first "
                    "get_event_loop()" % o.method.name.value)


def _tests_taking(o, bases=(), subclasses=()) -> int:
    """How many tests run with the loop this site takes (those a base of another module defines run with
    the class's setUp() too, and so do those of its subclasses in this file, each its own)."""
    if o.in_setup:
        inherited = {m.name.value for c in [o.cls] + [b for b, _ in bases] for m in methods(c)
                     if m.name.value.startswith("test")}
        return len(inherited) * (1 + len(subclasses)) + sum(
            len({m.name.value for m in methods(sub) if m.name.value.startswith("test")} - inherited) for sub in subclasses)
    return 1


def _plan(ctx, analysis, tree, o, stateful, takers, sharers, bases=(), subclasses=()):
    call, method = o.site.call, o.method
    name = method.name.value
    if name == "setUpClass":
        return Diagnose("LS905", call, "setUpClass() takes the implicit loop for every test of %s; objects made "
                        "there are bound to it" % o.cls.name.value)
    if is_generator(method) or method.decorators:
        return Diagnose("LS903", call, "%s() is decorated or a generator" % name)
    # Subclasses of this file run the tests they define with this setUp(): only a setUp() take covers them.
    subclasses = subclasses if o.in_setup else ()
    why = class_problem(analysis, tree, o.cls, ctx.project, subclasses=subclasses) or foreign_base_problem(bases) \
        or _base_cleanups(bases) or next(filter(None, (subclass_problem(analysis, tree, sub, ctx.project)
                                                       for sub in subclasses)), None)
    if why is not None:
        return Diagnose("LS902", call, "%s: code there may rely on one loop for all tests" % why)
    shared, holder = None, o.cls
    for cls in [o.cls, *subclasses]:
        shared = shared_state(analysis, tree, cls, stateful)
        if shared is None:
            kept = kept_by_methods(analysis, cls)
            shared = (cls, kept) if kept else None
        if shared is not None:
            holder = cls
            break
    for base, home in bases:  # what a base of another module adds to each test, checked in its own module
        shared = shared or shared_state(home.analysis, home.tree, base, module_state(home.analysis))
    if shared is not None:
        return Diagnose("LS901", call, "%s: the tests of %s may need one loop for all" % (shared[1], holder.name.value))
    if not o.in_setup and any(m.name.value == "setUp" for m in methods(o.cls)):
        return Diagnose("LS903", call, "setUp() of %s runs before %s() and may already take or read the current "
                        "loop; take it there" % (o.cls.name.value, name))
    taken, why = take_statement(tree, o)
    if taken is None:
        return Diagnose("LS903", call, "%s (%s())" % (why, name))
    target = taken.target
    if target is None:  # a chained run: the loop gets a variable, which must shadow nothing
        free = analysis.free_name(("loop", "event_loop", "test_loop"), ctx.code(analysis.module))
        if free is None:
            return Diagnose("LS903", call, "no free name for the loop of %s()" % name)
        target = cst.Name(free)
    elif isinstance(target, cst.Name) and analysis.bindings_in(target.value, method) != 1:
        return Diagnose("LS903", call, "'%s' is bound more than once in %s()" % (target.value, name))
    runners = frozenset().union(*(loop_runners(home.tree, base) for base, home in bases),
                                *(loop_runners(tree, cls) for cls in [o.cls, *subclasses]))
    uses = loop_uses(analysis, tree, o.cls, method, target, runners)
    for sub in subclasses:  # self.<name> of setUp(): each subclass's methods use it too
        more = loop_uses(analysis, tree, sub, method, target, runners)
        uses.escape = uses.escape or more.escape
        uses.closes += more.closes
        uses.settings += more.settings
    if isinstance(target, cst.Attribute):
        other = next((m for sub in subclasses for m in methods(sub) if self_param(m) != target.value.value and any(
            isinstance(n, cst.Attribute) and n.attr.value == target.attr.value for n in tree.descendants(m))), None)
        if other is not None:
            return Diagnose("LS903", call, "%s() of a subclass reads .%s of an instance it names otherwise"
                            % (other.name.value, target.attr.value))
    if isinstance(target, cst.Attribute):  # self.<name>: the bases' methods use it too
        for base, home in bases:
            # loop_uses matches `self.<name>` by its spelling: a method naming the instance otherwise is unseen.
            other = next((m for m in methods(base) if self_param(m) != target.value.value and any(
                isinstance(n, cst.Attribute) and n.attr.value == target.attr.value
                for n in home.tree.nodes[slice(*home.tree.span[id(m)])])), None)
            if other is not None:
                return Diagnose("LS903", call, "%s() of base %s reads .%s of an instance it names otherwise"
                                % (other.name.value, base.name.value, target.attr.value))
            more = loop_uses(home.analysis, home.tree, base, method, target, runners | loop_runners(tree, o.cls))
            uses.escape = uses.escape or more.escape
            uses.closes += more.closes
            uses.settings += [where or base.name.value for where in more.settings]
    if uses.escape is not None:
        return Diagnose("LS903", call, uses.escape[1])
    if uses.closes and takers > 1:
        return Diagnose("LS903", call, "a test closes the loop that %s share: later ones got a closed loop"
                        % sharers)
    # setUp() does it for every test of its class alike, but tests of other classes or modules that shared the
    # loop inherited it (an exception handler set by one class's setUp() caught another class's errors).
    others = takers > _tests_taking(o, bases) or bool((ctx.project or {}).get("jointTests"))
    changed = [where for where in uses.settings if where != "setUp" or others]
    if changed and takers > 1:
        return Diagnose("LS903", call, "%s() changes the loop's settings or registers callbacks on it, which later "
                        "tests on the shared loop inherited" % changed[0])
    me = self_param(method)
    if me is None or analysis.bindings_in(me, method) != 1:
        return Diagnose("LS903", call, "%s() has no plain self to register cleanups on" % name)
    if not ctx.allows(call):
        return Leave("a suppression comment covers it")  # still the implicit loop: blocks the file's others
    scopes = o.site.frame.scopes()
    new = ctx.imports.reach(analysis, "asyncio", "new_event_loop", call.func, scopes)
    set_ = ctx.imports.reach(analysis, "asyncio", "set_event_loop", call.func, scopes)
    if new is None or set_ is None:
        return Diagnose("LS906", call, "cannot name new_event_loop/set_event_loop next to get_event_loop here")
    return Take(taken.line, target, taken.target is None, me, new, set_)


# The default executor belongs to its loop (run_in_executor(None, ...), to_thread): a loop per test starts new worker
# threads for each test, where the shared loop kept the same ones; code that tells threads apart (thread-locals,
# names, idents) then sees a difference (probe round 10: a thread-local counter and a thread name printed).
_EXECUTOR = re.compile(r"\b(?:run_in_executor|to_thread)\b")
_THREAD_IDENTITY = re.compile(r"\b(?:local|current_thread|currentThread|get_ident|get_native_id|main_thread|threadName"
                              r"|active_count|activeCount)\b|\bthreading\s*\.\s*enumerate\b"  # probe round 12, p21
                              r"|%\(thread\)")


# mock.patch("asyncio.get_event_loop") or patch.object(asyncio, "new_event_loop"): the test's loop came from the
# patch, or the added new_event_loop() would (probe round 12, p17, p18).
_PATCHES_LOOP = re.compile(r"\bpatch\b")
_LOOP_FUNCTION_NAMED = re.compile(r"[\"'][\w.]*event_loop\w*[\"']")
_CALLS_DO_CLEANUPS = re.compile(r"\.\s*doCleanups\s*\(")
# Cleanups of the class or the module run after its tests, when each test's loop is closed (probe round 16b, p41).
_LATER_CLEANUPS = re.compile(r"\b(?:addClassCleanup|addModuleCleanup|enterClassContext|enterModuleContext)\b")
# DEBUG logging configured in the test file (asyncio's "Using selector" line per new loop).
_LOGS_DEBUG = re.compile(r"\b(?:DEBUG|NOTSET)\b|\blevel\s*=\s*\d|\bsetLevel\s*\(\s*\d")  # level=5, setLevel(1): round 14, F
# setUp()/tearDown() or a test method called by a test (not `super().setUp()`, which a setUp() runs first).
_RERUNS_STEPS = re.compile(r"(?<!super\(\))\.\s*(?:setUp|tearDown|test\w*)\s*\(")
_LOOP_SETTING = re.compile(r"\b(?:set_debug|set_exception_handler|set_task_factory|slow_callback_duration)\b")
_REACHES_CLASS = re.compile(r"\bsetattr\s*\(|\btype\s*\(\s*self\s*\)|\b__class__\b")


def _base_cleanups(bases) -> Optional[str]:
    """A base of another module that registers cleanups from __init__ (they run after the new loop's close) or
    calls doCleanups() itself (probe round 13, D p11, p59)."""
    for base, home in bases:
        init = _init_cleanups(home.tree, base)
        if init is not None:
            return "base %s registers cleanups itself (%s())" % (base.name.value, init.name.value)
        for method in methods(base):
            if _names_attribute(home.tree, method, "doCleanups"):
                return "base %s runs cleanups itself (%s())" % (base.name.value, method.name.value)
    return None


def _init_cleanups(tree, cls):
    """The class's `__init__` when it registers cleanups: they run after the new loop's close(), registered later
    in setUp() (probe round 12, p41; a base's, round 13, D p11)."""
    return next((m for m in methods(cls) if m.name.value == "__init__" and _names_attribute(tree, m, "addCleanup")), None)


def _names_attribute(tree, node, name) -> bool:
    return any(isinstance(n, cst.Attribute) and n.attr.value == name for n in tree.descendants(node))


def _blocker(ctx, module, analysis, tree, plans, takers, subs=None):
    """(code, why) no site of the file may be rewritten: a policy or loop library, module code managing
    loops, a declined site, code outside the rewritten tests that reads the current loop (it ran on
    the shared loop and would find none), or such code in another test module or a project module this
    one imports (project_effects.py); work a coroutine of the file or of a project module it imports may
    leave pending, which ran on in the later tests' runs of the shared loop and would die with its test's
    loop (pending_work.py; what the tests schedule on the loop variable, loop_uses() checks, LS903);
    None when nothing does."""
    hazard = other_tests_hazard(ctx) or imported_hazard(ctx, loops="many")
    if hazard:
        return "LS904", hazard
    # A setUp() take covers the same-file subclasses _plan checked (a take elsewhere, their own sites: none).
    family = {id(o.cls): (subs or {}).get(id(o.cls), []) for o, p in plans if isinstance(p, Take) and o.in_setup}
    tests, text = [o.cls for o, _ in plans] + [sub for group in family.values() for sub in group], ctx.code(module)
    effects = (ctx.project or {}).get("importedEffects") or {}
    # Work left pending counts with one test too: the shared loop never ran it again and left it alone, where the
    # test's own loop, closed, destroys it and runs its finally blocks (probe round 13, D p18).
    pending = left_pending(tree, text, coroutines_only=True, skip=tests)
    pending = pending or sync_test_work(analysis, tree, tests) or loop_bound_handed_on(analysis, tree, tests) \
        or imported_pending(ctx)
    if pending:
        return "LS901", "%s; on the shared loop it ran on in later tests, with a loop per test it would not" % pending
    if (_LOGS_DEBUG.search(text) and "logging" in text) or (ctx.project or {}).get("debugLogging"):
        return "LS904", ("logging may be set to DEBUG while the tests run (%s): asyncio logs each new loop's selector "
                         "there, once for the shared loop, once per test after (probe round 13, D p07, p50)"
                         % ((ctx.project or {}).get("debugLogging") or "this file"))
    if takers > 1:
        kept = kept_by_functions(analysis, tree, module_state(analysis), tests) or loop_bound_kept(tree, tests)
        if kept is not None:
            return "LS901", "%s: an asyncio object kept past a test is bound to that test's own loop" % kept[1]
        if (_EXECUTOR.search(text) or effects.get("executor")) and (_THREAD_IDENTITY.search(text)
                                                                     or effects.get("threadIdentity")):
            return "LS901", ("jobs run in the loop's default executor and the file reads which thread runs them: each "
                             "test's own loop would start new executor threads, the shared loop kept its own")
    if (ctx.project or {}).get("loopGetterReplaced"):
        return "LS907", ("project module %s replaces asyncio's loop functions: the loop a test gets may come from "
                         "the replacement (probe round 13, D p10)" % ctx.project["loopGetterReplaced"])
    if _PATCHES_LOOP.search(text) and _LOOP_FUNCTION_NAMED.search(text):
        return "LS907", "the file patches asyncio's loop functions (mock.patch): a test's loop may come from the patch"
    for cls in tests:
        if _init_cleanups(tree, cls) is not None:
            return "LS903", ("%s.__init__() registers cleanups: they run after the new loop's close(), registered "
                             "later in setUp() (probe round 12, p41)" % cls.name.value)
    if _REACHES_CLASS.search(text):
        return "LS901", ("the file reaches a class by a computed name or through an instance (setattr, type(self), "
                         "__class__): what it stores there is kept across tests (probe round 13, D p14)")
    if _CALLS_DO_CLEANUPS.search(text):
        return "LS903", "the file calls doCleanups() itself: the new loop would be closed before the code after it"
    if _LATER_CLEANUPS.search(text):
        return "LS903", ("the file registers class or module cleanups (addClassCleanup...): they run after the tests, "
                         "when each test's own loop is closed")
    libraries = sorted(LOOP_LIBRARIES & analysis.imported_modules)
    if libraries:
        return "LS907", "this file uses %s, which may change what get_event_loop() did" % " and ".join(libraries)
    for site in analysis.sites:
        what = meaning(analysis, site)
        if site.call is not None and what == "asyncio.set_event_loop_policy":
            return "LS907", "set_event_loop_policy() here may change what get_event_loop() did"
        if site.call is not None and import_time(site.frame) and what in _MANAGERS:
            return "LS904", "import-time code calls %s(), which sets or runs the loop the tests shared" % what
    declined = [o for o, p in plans if not isinstance(p, (Take, Follows))]
    if declined:
        o = declined[0]
        return "LS904", ("%s.%s() keeps the implicit loop and may run after this test, when no loop is current"
                         % (o.cls.name.value, o.method.name.value))
    covered = [o.cls if o.in_setup else o.method for o, p in plans if isinstance(p, Take)] \
        + [sub for group in family.values() for sub in group]
    taken = {id(o.site.expr) for o, _ in plans}
    for site in sync_loop_sites(analysis, READS_CURRENT, skip=taken):
        if not any(tree.inside(site.expr, region) for region in covered):
            return "LS904", ("%s() in %s uses the current loop outside the rewritten tests and would find none "
                             "after them" % (site.terminal, where(site.extent)))
    if _RERUNS_STEPS.search(text):
        return "LS903", ("a test runs setUp(), tearDown() or another test itself: the loop would change in the middle of "
                         "a test (probe round 14, F p14, p21)")
    if _LOOP_SETTING.search(text) and takers > 1:
        return "LS903", ("the file changes a loop's settings (set_debug, an exception handler, a task factory), maybe "
                         "from a coroutine: later tests on the shared loop inherited them (probe round 14, F p25)")
    return None


def _lines(take: Take, call: cst.Call):
    """target = new_event_loop() (the original line, comments kept), set it current, and the cleanups."""
    line, target = take.line, take.target
    if take.chained:
        created = cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(target)], call.with_changes(func=take.new))],
                                          leading_lines=line.leading_lines)
    else:
        created = line.with_changes(body=[line.body[0].with_changes(value=call.with_changes(func=take.new))])

    def statement(func, *args):
        return cst.SimpleStatementLine([cst.Expr(cst.Call(func, [cst.Arg(a) for a in args]))])

    cleanup = cst.Attribute(cst.Name(take.me), cst.Name("addCleanup"))
    return [created,
            statement(take.set_.deep_clone(), target.deep_clone()),
            statement(cleanup, take.set_.deep_clone(), cst.Name("None")),
            statement(cleanup.deep_clone(), cst.Attribute(target.deep_clone(), cst.Name("close")))] + (
        [line.deep_replace(call, target.deep_clone()).with_changes(leading_lines=[])] if take.chained else [])
