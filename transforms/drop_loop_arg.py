"""Drop `loop=X` from the asyncio APIs that removed it in 3.10 (docs/SEMANTICS.md P15).

Up to 3.9 every one of them treats a missing loop as `loop=None`, and then uses get_event_loop()
(or, for sleep/wait/wait_for on 3.8+, get_running_loop()). Directly in a coroutine body both are
the running loop, so the argument can go when X is provably that loop:
  * `loop=None`, anywhere: it is the default, so the call is the same call on 3.7-3.9;
  * `asyncio.get_running_loop()` / `asyncio.get_event_loop()` called right there;
  * a local of the same coroutine assigned once, from one of those calls, in a statement that
    always runs before the call (not a parameter, not global/nonlocal, not in an async generator,
    whose resumptions could come from another loop).
Anything else (self.loop, parameters, globals, sync code) is left alone with a diagnostic.
Known residue, accepted: on 3.7-3.9 gather()/shield() given a *future of another loop* raised
ValueError at the call with loop=running; without it they fail at the await (RuntimeError).
Outside coroutines nothing is removed but loop=None: see LS602/LS603.
"""
import libcst as cst

from loopshift_support.analysis import Ambiguous
from loopshift_support.asyncio_api import FOREIGN_RUNNERS, qualified
from loopshift_support.loop_args import (LOOPLESS_APIS, CoroutineFacts, DropArgs, loop_getter,
                                         loop_keyword_index, remove_arg, resolve_api)
from loopshift_support.syntax import is_none
from loopshift_support.walk import transform_along_paths

NAME = "drop_loop_arg"
DESCRIPTION = "drop loop= (removed in 3.10) from asyncio.sleep/gather/Queue/Lock/... when it is the running loop"
TRIGGERS = ()
TRIGGER_PATTERNS = (r"\bloop\s*=",)  # a loop= keyword; "loop" alone is in most asyncio files
MIN_TARGET = (3, 7)
ORDER = 20
SITE_NAMES = LOOPLESS_APIS
CODES = {
    "LS601": ("loop= may not be the running loop",
              "The call is in a coroutine, but loopshift cannot prove that the loop= value is the loop\n"
              "running it: an attribute (self.loop), a parameter, a global, a variable assigned more than\n"
              "once or not before this call, or a variable of an async generator. If it is another loop\n"
              "(another thread's, one stored earlier), the call binds to that loop on 3.7-3.9; without\n"
              "loop= it binds to the running loop. loop= raises TypeError from 3.10. Fix: if the value is\n"
              "the running loop, delete loop=...; otherwise schedule the work on that loop explicitly\n"
              "(asyncio.run_coroutine_threadsafe, loop.call_soon_threadsafe)."),
    "LS602": ("loop= outside a coroutine (target 3.9 or older)",
              "Outside a coroutine body (sync code, or a nested def, lambda, class body, generator\n"
              "expression, default or decorator) up to 3.9 the object binds to loop X when the call runs.\n"
              "Without loop= it would bind to get_event_loop() (or, for sleep/wait/wait_for, to the loop\n"
              "that awaits it), which need not be X. Fix: create the object inside the coroutine that\n"
              "uses it, without loop=; or keep loop= until the code targets 3.10+ only."),
    "LS603": ("loop= outside a coroutine raises TypeError on 3.10+",
              "On the target (3.10+) this call raises TypeError. loopshift does not remove the argument\n"
              "outside a coroutine body: nothing in the file proves which loop will use the object (from\n"
              "3.10 primitives bind to the first loop that uses them, coroutine functions run in the loop\n"
              "that awaits them), and removing it would turn a call that fails today into code that runs,\n"
              "a behaviour change someone must review. Fix: check that X is the loop that will use the\n"
              "object (e.g. it is created just before loop.run_until_complete on X), then delete loop=X;\n"
              "better, create the object inside the coroutine that uses it."),
    "LS604": ("the loop= argument carries a comment",
              "Removing the argument would drop or move a comment on its line (or on the lines just\n"
              "above it). Fix: delete the argument by hand and place the comment where it belongs."),
    "LS605": ("the API name is bound to several things in this file",
              "The name is imported from asyncio and also assigned, defined or imported from elsewhere\n"
              "(or comes from several star imports), so loopshift cannot prove that this call is\n"
              "asyncio's. Fix: rename the other binding and run loopshift again."),
    "LS606": ("this file may drive coroutines without asyncio",
              "The file uses trio, curio, anyio, trio-asyncio or coro.send(None). A coroutine run that way\n"
              "has no running asyncio loop, so the loop= value need not be the loop the API would pick\n"
              "without it. Fix: check how these coroutines are run, then delete loop= by hand."),
}

_CANONICAL = qualified(LOOPLESS_APIS)


def transform(module: cst.Module, ctx) -> cst.Module:
    analysis = ctx.analysis(module, LOOPLESS_APIS)
    foreign = bool(FOREIGN_RUNNERS & analysis.imported_modules) or ".send(None)" in ctx.source
    facts = {}  # id(async def) -> CoroutineFacts
    plan = {}
    for site in analysis.sites:
        index = loop_keyword_index(site.call) if site.call is not None else None
        if index is None:
            continue
        arg = site.call.args[index]
        scopes = site.frame.scopes()
        meaning = resolve_api(analysis, site.expr, scopes)
        if isinstance(meaning, Ambiguous):
            if meaning.mixes_asyncio_with_other:
                ctx.diagnose(arg, "LS605", "'%s' is bound to more than one thing in this file, so this may not "
                             "be asyncio's; loop= left unchanged" % meaning.name)
            continue
        if meaning not in _CANONICAL:
            continue
        api = meaning
        problem = _why_not(site, arg, analysis, scopes, foreign, facts, ctx)
        if problem is not None:
            code, message = problem
            ctx.diagnose(arg, code, "%s(loop=...): %s" % (api, message))
            continue
        if remove_arg(site.call, index) is None:
            ctx.diagnose(arg, "LS604", "%s(loop=...): a comment on or above the argument would be lost; "
                         "delete it by hand" % api)
            continue
        plan[id(site.call)] = index
        why = "the default" if is_none(arg.value) else "the running loop"
        ctx.record_change(arg, "dropped loop= from %s() (it is %s)" % (api, why))
    if not plan:
        return module
    return transform_along_paths(module, DropArgs(plan), plan)


def _why_not(site, arg, analysis, scopes, foreign, facts, ctx):
    """None when loop=X is provably what the API uses without it; else (code, message)."""
    value = arg.value
    if is_none(value):
        return None  # the default, on every version that accepts it
    if not site.in_coroutine_body:
        where = "in code that may run outside its coroutine" if site.async_extent else "outside a coroutine"
        if ctx.target >= (3, 10):
            return "LS603", ("%s: raises TypeError on 3.10+; check which loop uses this object, then drop "
                             "loop= by hand" % where)
        return "LS602", ("%s: which loop will use this object is unknown; keep loop= or create it in that "
                         "coroutine" % where)
    if foreign:
        return "LS606", "this file may run coroutines without asyncio; the loop= value may differ"
    if loop_getter(analysis, value, scopes):
        return None
    if not isinstance(value, cst.Name):
        text = " ".join(cst.Module([]).code_for_node(value).split())
        text = text if len(text) <= 40 else text[:37] + "..."
        return "LS601", "'%s' is not provably the running loop; drop loop= by hand if it is" % text
    name = value.value
    coroutine = site.frame.node
    found = facts.get(id(coroutine))
    if found is None:
        found = facts[id(coroutine)] = CoroutineFacts(coroutine)
    if name in found.params:
        return "LS601", "'%s' is a parameter: the caller chooses the loop" % name
    if name in found.declared:
        return "LS601", "'%s' is declared global/nonlocal: it may hold another loop" % name
    statement, source = found.single_assignment(name)
    if statement is None:
        why = "assigned more than once" if found.bindings.get(name) else "not a local of this coroutine"
        return "LS601", "'%s' is %s; it may hold another loop" % (name, why)
    if source is None or not loop_getter(analysis, source, scopes):
        return "LS601", "'%s' does not come from asyncio.get_running_loop() in this coroutine" % name
    if not found.dominates(statement, site.call):
        return "LS601", "'%s = ...' does not always run before this call" % name
    if found.is_async_generator:
        return "LS601", "'%s' is kept across yields of an async generator, which another loop may resume" % name
    return None

