"""Report what docs/SEMANTICS.md says to leave alone (P2, P4, P5, P9, P13, P14, P16); never rewrite
anything. A sync def that looks like a generator-based coroutine but is not proven one (B5: several
decorators, or `yield from` and none) is named as such in LS801/LS804 (docs/SEMANTICS.md D).

get_event_loop() calls inside async defs (LS101-LS106), references to it without a call (LS103) and
sites on the script's entry path (the runner transforms) are other transforms' business and are not
reported again here. Each node is reported at most once, with the most specific code.
"""
import libcst as cst

from loopshift_support.asyncio_api import LOOP_CLASS_POLICIES, SITE_MODULES
from loopshift_support.coroutine_facts import generator_note
from loopshift_support.loop_lifecycle import Lifecycle
from loopshift_support.loop_patterns import NAMES, Facts, describe, home, inside
from loopshift_support.syntax import named_params
from loopshift_support.test_loops import owned_sites
from loopshift_support.thread_loop import thread_loop

NAME = "loop_diagnostics"
DESCRIPTION = "report implicit-loop patterns that cannot be rewritten safely (no rewrites)"
TRIGGERS = ("event_loop", "EventLoopPolicy", "nest_asyncio", "get_running_loop")  # the last for LS810
MIN_TARGET = (3, 7)
ORDER = 90
DEFERS_TO = {"loop_factory": "plain loop-class policies, and policies next to an entry-point asyncio.run()",
             "get_running_loop": "get_event_loop_policy().get_event_loop() in a coroutine (LS102)",
             "unittest_loop": "get_event_loop() in setUp/setUpClass/test methods of unittest.TestCase classes"}
SITE_NAMES = NAMES
RESOLVES_THROUGH = SITE_MODULES
SITES_BY_NAME = (r"\bevent_loop\b",)  # pytest-asyncio's fixture, requested by its name alone (P13)
_POLICIES_GONE = "policies are deprecated in 3.14 and removed in 3.16"
CODES = {
    "LS801": ("get_event_loop() in a sync function: the loop depends on the caller",
              "Called from a coroutine or a loop callback it returns the running loop; otherwise it returns\n"
              "the thread's current loop, creates one (DeprecationWarning on 3.12/3.13), or raises\n"
              "RuntimeError (in a non-main thread, after asyncio.run(), and on 3.14 whenever no loop is set).\n"
              "loopshift rewrites it itself only where every caller is provably under a loop: a private\n"
              "module-level function no other project module can reach, called only from coroutines, loop\n"
              "callbacks or other such functions (see docs/SEMANTICS.md P2a in the loopshift repository).\n"
              "Here it cannot see every caller, so it cannot prove get_running_loop() equivalent.\n"
              "Fix: if every caller runs inside a coroutine or loop callback, use asyncio.get_running_loop();\n"
              "otherwise pass the loop in from the code that owns it, or make the function async. A generator\n"
              "that looks like a coroutine but is not proven one (see docs/SEMANTICS.md B5 in the loopshift\n"
              "repository) is named as such."),
    "LS802": ("sync bridge runs a coroutine on the current loop with run_until_complete()",
              "asyncio.run(coro) per call is a safe replacement only if no loop-bound state outlives a call:\n"
              "asyncio.run makes a new loop each time and closes it, so sessions, connection pools, locks,\n"
              "queues and futures created during one call fail in the next ('attached to a different loop',\n"
              "'Event loop is closed'). It also cancels leftover tasks and, on 3.11+, takes over Ctrl-C.\n"
              "Both forms raise when called under a running loop (Jupyter, async callers).\n"
              "Fix: for the program's entry point, asyncio.run(main()) under if __name__ == '__main__':.\n"
              "For a bridge called repeatedly, keep one loop for the whole program: asyncio.Runner (3.11+)\n"
              "or a cached new_event_loop() + set_event_loop(), closed at exit; or make the callers async."),
    "LS803": ("get_event_loop() runs at import time",
              "Module-level code, class bodies and default values run when the module is imported, and the\n"
              "importer (an application, pytest-asyncio, IPython) may already have set a loop: this grabs\n"
              "whichever loop is current then, creates one (warning on 3.12/3.13), or raises on 3.14 when\n"
              "none is set. Code under if __name__ == '__main__': is not reported (runner transforms).\n"
              "Fix: resolve the loop lazily inside coroutines with asyncio.get_running_loop(), or let the\n"
              "application create and own the loop. If this file is a script, move its top-level code\n"
              "under if __name__ == '__main__': and run loopshift again."),
    "LS804": ("loop captured at construction (stored on the instance, or a loop=None default)",
              "The loop current when __init__ (or the call) runs is not necessarily the loop that later\n"
              "runs the object: __init__ may run outside any loop (3.14 raises), or before asyncio.run()\n"
              "makes a new loop, leaving a stored loop that never runs. asyncio itself removed its loop\n"
              "parameters in 3.10 for this reason. loopshift rewrites it itself where every call of a\n"
              "private class is provably under a loop and no other project module can reach it (see\n"
              "docs/SEMANTICS.md P2a in the loopshift repository).\n"
              "Fix: drop the stored loop / loop parameter and call asyncio.get_running_loop() where the loop\n"
              "is used inside coroutines; if the object is built in sync code, resolve the loop lazily.\n"
              "In a generator that looks like a coroutine but is not proven one (@asyncio.coroutine or\n"
              "@types.coroutine with another decorator, or yield from and neither; see docs/SEMANTICS.md B5\n"
              "in the loopshift repository), the message says so: run by a task, get_event_loop() there is\n"
              "the loop running it, as get_running_loop() would be; make it an async def (or leave\n"
              "@asyncio.coroutine its only decorator) and loopshift rewrites it (get_running_loop\n"
              "transform)."),
    "LS805": ("sync test or fixture calls get_event_loop(): depends on test order",
              "After any earlier asyncio.run(), IsolatedAsyncioTestCase or pytest-asyncio test in the same\n"
              "thread the current loop is None and get_event_loop() raises RuntimeError (every version);\n"
              "on 3.14 it raises whenever no loop is set.\n"
              "Fix: make the test async (pytest-asyncio, or unittest.IsolatedAsyncioTestCase on 3.8+) and use\n"
              "asyncio.get_running_loop(); or call asyncio.run(...) in the test; or own a loop in a fixture:\n"
              "loop = asyncio.new_event_loop(); yield loop; loop.close()."),
    "LS806": ("pytest-asyncio event_loop fixture override (removed in pytest-asyncio 1.0)",
              "Redefining event_loop was deprecated in pytest-asyncio 0.22 and the fixture was removed in 1.0.\n"
              "Loop calls inside this fixture are not reported separately: they go away with it.\n"
              "Fix: delete the fixture; choose the loop's lifetime with loop_scope\n"
              "(@pytest.mark.asyncio(loop_scope=...), @pytest_asyncio.fixture(loop_scope=...), or the\n"
              "asyncio_default_fixture_loop_scope option); for a custom loop class use the\n"
              "pytest_asyncio_loop_factories hook (pytest-asyncio 1.4+)."),
    "LS807": ("the event_loop fixture is requested (removed in pytest-asyncio 1.0)",
              "With pytest-asyncio 1.0 the request fails with 'fixture event_loop not found' unless the\n"
              "project defines it itself.\n"
              "Fix: in async tests and fixtures call asyncio.get_running_loop(); make sync tests that drive\n"
              "the loop async, or give them a loop of their own (new_event_loop() ... close())."),
    "LS808": ("this file uses nest_asyncio",
              "nest_asyncio patches asyncio so loops re-enter: asyncio.run() becomes get_event_loop() +\n"
              "run_until_complete() on the current loop, with no new loop, no task cancellation and no close.\n"
              "loopshift's rewrites assume unpatched asyncio (see docs/SEMANTICS.md P16 in the loopshift\n"
              "repository).\n"
              "Fix: review every rewrite in files of this process by hand; prefer awaiting directly where a\n"
              "loop already runs (Jupyter), or running the coroutine on a loop in another thread."),
    "LS809": ("get_event_loop() in a function that runs in another thread",
              "In a thread other than the main thread get_event_loop() raises RuntimeError ('There is no\n"
              "current event loop in thread ...') unless set_event_loop() ran first in that thread; this\n"
              "holds on every version (only a custom policy such as tornado's AnyThreadEventLoopPolicy\n"
              "differs). This covers threading.Thread targets and run() methods, asyncio.to_thread() and\n"
              "loop.run_in_executor().\n"
              "Fix: give the thread its own loop (asyncio.run(coro()) in the thread, or new_event_loop() +\n"
              "set_event_loop() ... close()); to use the main loop from the thread, pass it in and call\n"
              "asyncio.run_coroutine_threadsafe(coro, loop) or loop.call_soon_threadsafe()."),
    "LS810": ("a running loop is driven from another thread",
              "The loop handed to the thread is the running loop of the coroutine that started it. Loop\n"
              "methods are not thread-safe: run_until_complete()/run_forever() raise 'This event loop is\n"
              "already running', and call_soon()/call_later()/create_task() from another thread race with\n"
              "the loop (debug mode raises).\n"
              "Fix: from the thread, use asyncio.run_coroutine_threadsafe(coro, loop).result() or\n"
              "loop.call_soon_threadsafe(callback)."),
    "LS811": ("event loop policy overrides get_event_loop/set_event_loop",
              "Under this policy asyncio.get_event_loop() and set_event_loop() behave differently (uvloop 0.22\n"
              "raises, tornado's AnyThreadEventLoopPolicy creates loops in any thread, zulip's acts like\n"
              "get_running_loop), so the semantics loopshift relies on may not hold; " + _POLICIES_GONE + "\n"
              "(subclassing the asyncio policy classes warns on 3.14).\n"
              "Fix: move the behaviour into the code that owns the loop: loop_factory= on asyncio.run() /\n"
              "asyncio.Runner for the loop class, explicit new_event_loop() in threads, and\n"
              "asyncio.get_running_loop() in coroutines."),
    "LS812": ("set_event_loop_policy() installs a policy loopshift cannot identify",
              "Only set_event_loop_policy(uvloop.EventLoopPolicy()) and the Windows selector/proactor policies\n"
              "are known to select nothing but the loop class (the loop_factory transform handles those).\n"
              "Any other policy may override get_event_loop()/set_event_loop() for the whole process, and\n"
              + _POLICIES_GONE + ".\n"
              "Fix: if the policy only selects the loop class, pass loop_factory= to asyncio.run() (3.12+) or\n"
              "asyncio.Runner (3.11+); otherwise move its behaviour into the code that creates loops."),
    "LS813": ("event loop policy API: deprecated in 3.14, removed in 3.16, no drop-in replacement",
              "asyncio.get_event_loop_policy(), set_event_loop_policy() and the policy classes warn from 3.14\n"
              "and are removed in 3.16. The policy's get_event_loop() has no running-loop shortcut either.\n"
              "Fix: get_event_loop_policy().new_event_loop() -> asyncio.new_event_loop();\n"
              "get_event_loop_policy().get_event_loop() -> asyncio.get_running_loop() in coroutines, or a\n"
              "loop the code owns; installing a policy -> loop_factory= on asyncio.run()/asyncio.Runner;\n"
              "set_event_loop_policy(None) -> drop it when nothing else installs a policy."),
    "LS814": ("x = get_event_loop() right after set_event_loop(new_event_loop()) in a sync function, left unchanged",
              "With no loop running, get_event_loop() returns the loop set_event_loop() set, on every version;\n"
              "called while a loop runs in the thread (from a coroutine or a loop callback) it returns that\n"
              "running loop instead. explicit_loop rewrites the pair where the function is only ever a\n"
              "threading.Thread target (see docs/SEMANTICS.md P14a in the loopshift repository); the message\n"
              "says which condition failed. Other get_event_loop() calls after a set_event_loop() of a loop\n"
              "are not reported: they return the loop that was set.\n"
              "Fix: keep the loop you set in a variable and use it - loop = asyncio.new_event_loop();\n"
              "asyncio.set_event_loop(loop) - instead of fetching it again."),
}


class _Report:
    def __init__(self, ctx):
        self.ctx, self.seen = ctx, set()

    def __call__(self, node, code, message):
        if id(node) not in self.seen:
            self.seen.add(id(node))
            self.ctx.diagnose(node, code, message)


def transform(module: cst.Module, ctx) -> cst.Module:
    analysis = ctx.analysis(module, NAMES)
    tree = ctx.tree(module)
    facts = Facts.shared(ctx, module)
    report = _Report(ctx)
    quiet = _pytest(facts, report)
    _nest_asyncio(facts, report)
    _policies(facts, report, quiet)
    for node, loop, method in facts.handoffs():
        report(node, "LS810", "%s is the running loop of the coroutine that started this thread: %s() from another "
               "thread is not thread-safe; use asyncio.run_coroutine_threadsafe() or call_soon_threadsafe()"
               % (loop, method))
    # unittest_loop's sites, rewritten or reported there when it runs on this file (docs/SEMANTICS.md P13a)
    owned = {id(o.site.call) for o in owned_sites(analysis, tree, ctx)} if "unittest_loop" in ctx.running else ()
    for site in facts.called_sites("asyncio.get_event_loop"):
        if id(site.call) in owned:
            continue
        if site.call.args or site.async_extent is not None or analysis.entry_kind(site) is not None:
            continue  # async code: get_running_loop's; the entry path: the runner transforms'
        if inside(site, quiet):
            continue  # in an event_loop fixture (LS806)
        if facts.loop_set_before(site):
            # A loop was just set: the result is known, and only explicit_loop's thread-target shape (P14a)
            # is reported when it is left, so that a leftover of that rewrite is never silent.
            message = _after_set(ctx, module, site)
            if message:
                report(site.call, "LS814", message)
            continue
        found = _classify(facts, site, tree)
        if found:
            report(site.call, found[0], found[1] + _library_note(ctx, site, found[0]))
    return module


def _library_note(ctx, site, code) -> str:
    """Where a public module-level function (or a public class's __init__) was left for being public in a library
    (docs/SEMANTICS.md P2a rule 3, "Application code"), say how an application opts in."""
    frame = site.frame
    if code not in ("LS801", "LS804") or not ctx.project or ctx.project.get("application") is True \
            or frame is None or frame.kind != "def" or frame.parent is None:
        return ""
    owner = frame.parent
    if owner.kind == "class" and frame.node.name.value == "__init__":
        name = owner.node.name.value
        owner = owner.parent
    else:
        name = frame.node.name.value
    if owner is None or owner.kind != "module" or name.startswith("_"):
        return ""
    return (" (%s is public: code outside the project may import it; if this project is an application, "
            "`application = true` under [tool.loopshift] lets loopshift check the callers it has)" % name)


def _after_set(ctx, module, site):
    """LS814's message when the site is `x = get_event_loop()` right after `set_event_loop(new_event_loop())`
    in a sync function (explicit_loop's P14a shape), saying why that rewrite declines it; else None."""
    pair, why = thread_loop(Lifecycle.of(ctx, module), site)
    if pair is None and why is None:
        return None
    return ("get_event_loop() right after set_event_loop(new_event_loop()) in %s, left unchanged: it returns that "
            "loop while no loop runs, and the running loop under one; %s. Keep the loop in a variable instead: "
            "%s = asyncio.new_event_loop(); asyncio.set_event_loop(%s)"
            % (_name(home(site.frame).node), why or "explicit_loop rewrites it (P14a)", pair.name if pair else "loop",
               pair.name if pair else "loop"))


def _classify(facts, site, tree):
    """The most specific code for a sync get_event_loop() call, or None (tree: the module's TreeIndex)."""
    frame = home(site.frame)
    node = frame.node
    if id(node) in facts.thread_targets:
        if facts.handles_runtime_error(site.call):
            return None  # always raises there, and the RuntimeError is handled: deterministic
        return "LS809", ("get_event_loop() in %s, which runs in another thread: it raises RuntimeError there "
                         "unless set_event_loop() ran first in that thread" % _name(node))
    if _import_time(frame):
        if site.in_main_guard:
            return None  # script code under the main guard
        if frame.kind == "module" and facts.bridge(site, frame):
            return "LS803", ("get_event_loop() + run_until_complete() at module level also run on import: if this "
                             "file is a script, move them under if __name__ == '__main__':")
        where = "at module level" if frame.kind == "module" else "in a class body"
        if site.extent is not None and site.frame.node is not site.extent:
            where = "in a default value or decorator"
        return "LS803", ("get_event_loop() %s runs at import time: it takes the importer's current loop, or "
                         "raises on 3.14 if none is set; resolve the loop lazily inside coroutines" % where)
    if frame.kind == "def" and facts.is_test_code(node):
        return "LS805", ("sync test or fixture %s() calls get_event_loop(): it raises after any earlier "
                         "asyncio.run() or async test; use asyncio.run(), an async test or an owned loop"
                         % node.name.value)
    captured = facts.captured(site, frame)
    generator = generator_note(facts.analysis, site, tree)  # looks like a coroutine, not proven one (B5)
    if generator and captured:
        what = ("stored as %s" % captured[1] if captured[0] == "self"
                else "the fallback of parameter %s=None" % captured[1])
        return "LS804", ("get_event_loop() %s %s: run by a task, it is the loop running it (as "
                         "get_running_loop() would be); driven any other way, whatever loop is current then. Make "
                         "it an async def (or leave @asyncio.coroutine its only decorator) and run loopshift again"
                         % (what, generator))
    if captured and captured[0] == "self":
        return "LS804", ("get_event_loop() stored as %s in %s(): it is the loop current when that runs, not "
                         "necessarily the one that later runs the object; use get_running_loop() where it is used"
                         % (captured[1], node.name.value))
    if captured:
        return "LS804", ("parameter %s=None falls back to get_event_loop() in %s(): callers that omit it get "
                         "whatever loop is current; use get_running_loop() in coroutines instead"
                         % (captured[1], node.name.value))
    if facts.bridge(site, frame):
        return "LS802", ("sync bridge get_event_loop().run_until_complete(): asyncio.run() per call is safe only "
                         "if no loop-bound state (sessions, locks, futures) outlives a call")
    if generator:
        return "LS801", ("get_event_loop() %s: run by a task, it is the loop running it; driven any other way, "
                         "it depends on the caller. Make it an async def (or leave @asyncio.coroutine its "
                         "only decorator) and run loopshift again" % generator)
    return "LS801", ("get_event_loop() in a sync %s: the loop depends on the caller; check that every "
                     "caller runs in a coroutine before using get_running_loop()" % _name(node))


def _name(node) -> str:
    if isinstance(node, cst.FunctionDef):
        return "function %s()" % node.name.value
    return "lambda" if isinstance(node, cst.Lambda) else "class body"


def _import_time(frame) -> bool:
    while frame is not None and frame.kind in ("class", "genexp"):
        frame = frame.parent
    return frame is not None and frame.kind == "module"


def _pytest(facts, report):
    """P13. Returns the ids of event_loop fixture defs, whose bodies are not reported again."""
    quiet = set()
    for function in facts.functions:
        fixture = id(function) in facts.fixtures
        if function.name.value == "event_loop" and fixture:
            quiet.add(id(function))
            report(function, "LS806", "event_loop fixture override: removed in pytest-asyncio 1.0; delete it and "
                   "choose the loop's lifetime with loop_scope=")
        elif fixture or function.name.value.startswith("test"):
            for param in named_params(function.params):
                if param.name.value == "event_loop":
                    report(param, "LS807", "%s() requests the event_loop fixture, removed in pytest-asyncio 1.0; "
                           "use asyncio.get_running_loop() in an async test" % function.name.value)
    for site in facts.called_sites("pytest.mark.usefixtures"):
        for arg in site.call.args:
            if isinstance(arg.value, cst.SimpleString) and arg.value.evaluated_value == "event_loop":
                report(arg.value, "LS807", "usefixtures('event_loop'): the fixture was removed in pytest-asyncio 1.0; "
                       "use loop_scope= or asyncio.get_running_loop()")
    return quiet


def _nest_asyncio(facts, report):
    """One diagnostic per file: at the first nest_asyncio.apply() call, else at the import."""
    message = ("nest_asyncio turns asyncio.run() into run_until_complete() on the current loop: rewrites in this "
               "file assume unpatched asyncio; review them by hand")
    applies = facts.called_sites("nest_asyncio.apply")
    if applies:
        return report(applies[0].call, "LS808", message)
    for node, _scope in facts.analysis.imports:
        if isinstance(node, cst.ImportFrom):
            if node.module is not None and not node.relative and describe(node.module).split(".")[0] == "nest_asyncio":
                return report(node, "LS808", message)
        else:
            for alias in node.names:
                if describe(alias.name).split(".")[0] == "nest_asyncio":
                    return report(alias, "LS808", message)
    return None


def _policies(facts, report, quiet):
    for kind, node, detail in facts.policy_uses(quiet):
        if kind == "override":
            report(node, "LS811", "policy %s overrides %s: asyncio.get_event_loop() behaves differently under it, and "
                   "%s; move this behaviour into the code that owns the loop"
                   % (node.name.value, detail, _POLICIES_GONE))
        elif kind == "install":
            report(node, "LS812", "set_event_loop_policy(%s) installs a policy loopshift cannot identify: if it only "
                   "selects the loop class use loop_factory=, otherwise check what it overrides (%s)"
                   % (detail, _POLICIES_GONE))
        elif kind == "plain":
            module, factory = LOOP_CLASS_POLICIES[detail]
            report(node, "LS813", "set_event_loop_policy(%s()) only chooses the loop class: %s; pass "
                   "loop_factory=%s.%s to the asyncio.run()/asyncio.Runner that runs this code (3.12+; Runner 3.11+)"
                   % (detail, _POLICIES_GONE, module, factory))
        elif kind == "own":
            name, factory = detail
            report(node, "LS813", "set_event_loop_policy(%s()): %s only sets _loop_factory, so it only chooses the loop "
                   "class: %s; pass loop_factory=%s to the asyncio.run()/asyncio.Runner that runs this code (3.12+; "
                   "Runner 3.11+)" % (name, name, _POLICIES_GONE, factory))
        else:
            report(node, "LS813", "%s: %s, with no drop-in replacement; %s" % (detail, _POLICIES_GONE, _hint(detail)))


def _hint(api) -> str:
    if api.endswith("get_event_loop_policy().new_event_loop()"):
        return "use asyncio.new_event_loop()"
    if api.endswith(".new_event_loop()"):
        return "create the loop class directly (asyncio.SelectorEventLoop(), asyncio.ProactorEventLoop(), ...)"
    if api.endswith(".get_event_loop()"):
        return "use asyncio.get_running_loop() in coroutines, or a loop this code owns"
    if "set_event_loop_policy" in api:
        return "use loop_factory= on asyncio.run()/asyncio.Runner, or drop it if nothing installs a policy"
    if "get_event_loop_policy" in api:
        return "use asyncio.new_event_loop(), asyncio.get_running_loop() or loop_factory=, depending on the use"
    return "use loop_factory= on asyncio.run()/asyncio.Runner instead of policies"
