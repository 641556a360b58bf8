"""Drop `loop=X` from the asyncio APIs that removed it in 3.10 (docs/SEMANTICS.md P15).

Up to 3.9 every one of them treats a missing loop as `loop=None`, and then uses get_event_loop()
(or, for sleep/wait/wait_for on 3.8+, get_running_loop()); from 3.10 `loop=` raises TypeError. The
argument goes when the API provably ends up with the loop it would use without it (P15 rules 1-7):
  1. `loop=None`, anywhere: it is the default, so the call is the same call on 3.7-3.9;
  2. in a coroutine's body, `asyncio.get_running_loop()` / `asyncio.get_event_loop()` called right
     there, or a local of the same coroutine assigned once from one of them in a statement that always
     runs before the call (not a parameter, not global/nonlocal, not in an async generator; a
     generator-based coroutine is none);
  3. awaited in a coroutine: X a name or an attribute chain, the call the operand of `await` (or of
     `yield from` in a generator-based coroutine) in a coroutine's body, for sleep, gather, wait,
     wait_for, shield, open_connection, open_unix_connection, create_subprocess_exec/shell, and
     start_server without sock= (resolving host and port awaits a gather of X): on 3.7-3.9 another loop
     than the running one makes them await a pending future of X in the task (RuntimeError), or is never
     used. Not start_server with sock=, nor start_unix_server: they serve on X without failing;
  4. the coroutine of a task of X, with the same X (a name or an attribute chain): the one argument of
     `X.run_until_complete()`, or the coroutine of `X.create_task()`, `asyncio.ensure_future(...,
     loop=X)`, `asyncio.Task(..., loop=X)` or `asyncio.run_coroutine_threadsafe(..., X)`, for the
     coroutine functions (sleep, wait, wait_for, the streams and subprocess functions; not
     gather/shield, which use their loop before X runs): their body runs inside X;
  5. targets 3.10+ only: None, a name or an attribute chain on a primitive (Lock, Event, Condition,
     Semaphore, BoundedSemaphore, Queue, PriorityQueue, LifoQueue), anywhere: loop= raises TypeError on
     every version the target allows, and the primitive binds to the first loop that waits on it, which
     is X in every run that worked on 3.9;
  6. in the body of a coroutine function f (an undecorated async def, not an async generator, or a
     generator-based coroutine), a name that every call of f fills with the loop that runs it: a
     parameter f never rebinds, each call being the coroutine of a task of that same X (rule 4's forms)
     or awaited where its argument is provably the caller's running loop (or leaving a None default);
     or a variable of the enclosing function or module S, bound there once, that every call runs as
     the one argument of `v.run_until_complete(f())` written in S. Every load of f's name in the file
     must be such a call, f must not be a method or in __all__, and a module-level f must be private
     (`_f`) or in a file the project model shows no module imports (ctx.project's scriptOnly);
  7. `S.X` in a coroutine's body, assigned from a loop getter earlier in the same coroutine, in a
     statement that always runs before the call, with no await/yield/async for/async with between (a
     single step of one task, under one running loop), when every store of an attribute named X in
     the file is a loop getter or None. Assigned in another call (__init__, another method), the value
     may come from another loop - the object may outlive its loop - and is not provable: LS601.
  8. gather, shield and the primitives, anywhere, when the value is a name v that an earlier statement of
     the same block took from get_event_loop() (or, in entry code, gave to set_event_loop()), and nothing
     between can set or run a loop or rebind v (current_loop_arg.py): without loop= they take
     get_event_loop() when called up to 3.9, which is v; from 3.10 the same current loop, silently.
Rule 3 also covers the coroutine handed to an awaited wait_for() (first argument) or gather() (positional,
no return_exceptions): it runs in a task of the running loop, and its failure reaches the awaiting coroutine.
Never, for a non-None X, when the code may rely on what loop= raises (TypeError from 3.10; RuntimeError,
ValueError, DeprecationWarning before): a `try` around the call in the same function with a handler
that may catch it, a `with suppress/raises/assertRaises/assertWarns/catch_warnings` around it, or a
function holding the call that this file calls where a handler naming one of those errors waits (a
test asserting the DeprecationWarning, a version shim). Never when reading an attribute of X may run
code of this file (a property, __getattr__), nor in a file that may run coroutines without asyncio.
Anything else is left alone with a diagnostic (LS601 in a coroutine's body, LS602/LS603 outside).
Known residue, accepted (P15): gather()/shield() given a future of another loop with loop=running
raised ValueError at the call, without it they fail at the await; under rule 3, a run where X is not
the running loop and nothing failed differs only for wait_for(<done future of X>, timeout <= 0)
(returned its result; now ValueError on 3.7-3.11) and, on 3.7, wait_for(<coroutine>, timeout <= 0)
(TimeoutError either way; the cancelled task was X's, now the running loop's, which reports it when
the loop closes); runs that failed (another loop, an unbound X) are not kept failing where no handler
is visible.
"""
from dataclasses import dataclass

import libcst as cst

from loopshift_support.analysis import Ambiguous
from loopshift_support.arg_removal import DropArgs, remove_arg
from loopshift_support.asyncio_api import LOOP_GETTERS, SITE_MODULES, qualified
from loopshift_support.code_text import short_text
from loopshift_support.coroutine_facts import generator_note
from loopshift_support.current_loop_arg import current_loop
from loopshift_support.decisions import Diagnose, Rewrite, settle
from loopshift_support.loop_arg_file import LoopArgFile
from loopshift_support.loop_args import (LAZILY_BOUND, LOOPLESS_APIS, RUN_IN_LOOP, awaited_candidate,
                                         awaited_directly, awaited_through, loop_keyword_index, loop_value_parts,
                                         rebinds, resolve_api, task_loop, task_loop_text, why_not_awaited)
from loopshift_support.running_loop import loop_getter
from loopshift_support.syntax import is_none
from loopshift_support.walk import transform_along_paths

NAME = "drop_loop_arg"
DESCRIPTION = ("drop loop= (removed in 3.10) from asyncio.sleep/gather/Queue/Lock/... where it is provably the loop "
               "used anyway")
TRIGGERS = ()
TRIGGER_PATTERNS = (r"\bloop\s*=",)  # a loop= keyword; "loop" alone is in most asyncio files
MIN_TARGET = (3, 7)
ORDER = 20
# The loop getters too: rule 7 checks every assignment of the attribute in the file (RunningLoop.stores).
SITE_NAMES = LOOPLESS_APIS | {qualname.split(".")[1] for qualname in LOOP_GETTERS}
RESOLVES_THROUGH = SITE_MODULES
CODES = {
    "LS601": ("loop= may not be the running loop",
              "The call is in a coroutine, but loopshift cannot prove that the loop= value is the loop the API\n"
              "would use without it. It drops loop= in a coroutine when the value is\n"
              "asyncio.get_running_loop() or get_event_loop() (called in place, or a local assigned once from\n"
              "one); when the value is a name or an attribute chain and the call is awaited right there (await\n"
              "asyncio.sleep(1, loop=self.loop)) for sleep, gather, wait, wait_for, shield, open_connection,\n"
              "open_unix_connection or create_subprocess_exec/shell (awaiting a future of another loop fails\n"
              "on 3.7-3.9), or handed to an awaited wait_for() or gather() (await asyncio.wait_for(\n"
              "asyncio.open_connection(host, port, loop=loop), 5)), whose task is the running loop's; when\n"
              "the value is a parameter that every call of this coroutine function in the\n"
              "file fills with the loop that runs it (loop.run_until_complete(main(loop)),\n"
              "loop.create_task(main(loop)), await child(loop) where loop is the caller's running loop) and\n"
              "the function is private, or in a file the project model shows no module imports; when it is a\n"
              "variable that the function or module binding it once runs the coroutine with\n"
              "(loop.run_until_complete(go()) right there); or when it is self._loop assigned from\n"
              "get_running_loop() earlier in this coroutine with no await between, and every other store of\n"
              "._loop in the file is a loop getter or None (at targets 3.10+ also from Lock, Queue and the\n"
              "other primitives, see LS603). This call is none of those (the message says which proof\n"
              "failed): a parameter of a public function or a method, whose callers may pass any loop; an\n"
              "attribute assigned in __init__ or another call, which ran under whatever loop ran it (the\n"
              "object may outlive its loop, or serve a second asyncio.run()), or before an await; a value\n"
              "that is a call or a subscript; start_server with sock= (or **kwargs) and start_unix_server,\n"
              "which serve on that loop without failing; reading the value may run a property of this file; or the code may rely on what\n"
              "loop= raises (TypeError from 3.10; RuntimeError, ValueError or DeprecationWarning before): a\n"
              "try/with around the call may catch it, or this function is called in the file where a handler\n"
              "naming that error waits (a version shim, a test asserting the warning). If the value is another\n"
              "loop, the call binds to that loop on 3.7-3.9; without loop= to the running loop. Fix: if the\n"
              "value is the running loop, delete loop=...; otherwise schedule the work on that loop explicitly\n"
              "(asyncio.run_coroutine_threadsafe, loop.call_soon_threadsafe). See docs/SEMANTICS.md P15 in the\n"
              "loopshift repository."),
    "LS602": ("loop= outside a coroutine (target 3.9 or older)",
              "Outside a coroutine body (sync code, or a nested def, lambda, class body, generator expression,\n"
              "default or decorator) up to 3.9 the object binds to loop X when the call runs. Without loop= it\n"
              "would bind to get_event_loop() (or, for sleep/wait/wait_for, to the loop that awaits it), which\n"
              "need not be X. The body of a generator-based coroutine (one @asyncio.coroutine decorator, or\n"
              "@types.coroutine on a generator) is a coroutine's; a generator that only looks like one (that\n"
              "decorator with another, or yield from and neither) is named as such: nothing shows that a task\n"
              "runs it. loopshift drops loop= outside a coroutine only from the coroutine of a task of the same\n"
              "X (the one argument of X.run_until_complete(), X.create_task(), asyncio.ensure_future(...,\n"
              "loop=X), asyncio.Task(..., loop=X), asyncio.run_coroutine_threadsafe(..., X)) for sleep, wait,\n"
              "wait_for and the streams and subprocess functions (their body runs in X; not gather or shield,\n"
              "which use the loop before X runs); from gather, shield and the primitives when X is a name that\n"
              "the same block took from get_event_loop() just before (loop = asyncio.get_event_loop(); q =\n"
              "asyncio.Queue(loop=loop)), or set with set_event_loop(X) in a main guard, and nothing between\n"
              "can set or run a loop (only names, constants, asyncio constructors and calls of this file's\n"
              "async defs); and at targets 3.10+ from the primitives (see LS603). Here none of that holds,\n"
              "or a try/with around the call (or around a call of this function in the\n"
              "file) may catch what loop= raises, or reading the value may run a property of this file. Fix:\n"
              "create the object inside the coroutine that uses it, without loop=; or keep loop= until the\n"
              "code targets 3.10+ only. See docs/SEMANTICS.md P15 in the loopshift repository."),
    "LS603": ("loop= outside a coroutine raises TypeError on 3.10+",
              "On the target (3.10+) this call raises TypeError. Outside a coroutine body loopshift drops\n"
              "loop= only where the result is what 3.9 did: from Lock, Event, Condition, Semaphore,\n"
              "BoundedSemaphore, Queue, PriorityQueue and LifoQueue when the value is None, a name or an\n"
              "attribute chain (from 3.10 they bind to the first loop that waits on them, which is X in every\n"
              "run that worked on 3.9), from the coroutine of a task of the same X (X.run_until_complete(),\n"
              "X.create_task(), asyncio.ensure_future(..., loop=X), ...), and from gather and shield when X\n"
              "is the current loop, taken from get_event_loop() (or set in a main guard) just before in the\n"
              "same block with nothing between that can change it.\n"
              "Here the API is another one (sleep, gather, start_server, ... are bound or run where the call\n"
              "is, which one file cannot show), the value is a call or a subscript, reading it may run a\n"
              "property of this file, or a try/with around the call (or around a call of this function in the\n"
              "file) may catch the TypeError: a version shim such as `try: Lock(loop=l) except TypeError:\n"
              "Lock()` stays as written. Removing it would turn a call that fails today into code that runs\n"
              "differently, a change someone must review. Fix: check that X is the loop that will use the\n"
              "object (e.g. it is created just before loop.run_until_complete on X), then delete loop=X;\n"
              "better, create the object inside the coroutine that uses it. See docs/SEMANTICS.md P15 in the\n"
              "loopshift repository."),
    "LS604": ("the loop= argument carries a comment",
              "Removing the argument would drop or move a comment on its line (or on the lines just\n"
              "above it). Fix: delete the argument by hand and place the comment where it belongs."),
    "LS605": ("the API name is bound to several things in this file",
              "The name is imported from asyncio and also assigned, defined or imported from elsewhere\n"
              "(or comes from several star imports), so loopshift cannot prove that this call is\n"
              "asyncio's. Fix: rename the other binding and run loopshift again."),
    "LS607": ("loop= handed on through functools.partial",
              "functools.partial(asyncio.sleep, 1, loop=loop) keeps loop= and passes it to the asyncio API\n"
              "each time the partial is called; from 3.10 that API raises TypeError. Where the partial is\n"
              "called (and so which loop runs it) is not at this line, so loopshift does not remove it.\n"
              "Fix: check that the value is the loop that runs the partial's calls, then delete loop=...;\n"
              "or build the partial inside the coroutine that calls it, without loop=."),
    "LS606": ("this file may drive coroutines without asyncio",
              "The file uses trio, curio, anyio, trio-asyncio, coro.send(None) or next(coro.__await__()).\n"
              "A coroutine run that way\n"
              "has no running asyncio loop, so the loop= value need not be the loop the API would pick\n"
              "without it. Fix: check how these coroutines are run, then delete loop= by hand."),
}

_CANONICAL = qualified(LOOPLESS_APIS)


@dataclass(frozen=True)
class Drop(Rewrite):
    index: int  # of the loop= argument
    why: str    # for the change record


def transform(module: cst.Module, ctx) -> cst.Module:
    analysis = ctx.analysis(module, SITE_NAMES)
    env = LoopArgFile(module, ctx, analysis, SITE_NAMES)
    plan = {}
    partials = "partial" in ctx.source
    for site in analysis.sites:
        if site.call is None and partials:
            _loop_through_partial(site, ctx, analysis, env)
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
        drop = settle(ctx, _plan(site, index, meaning, scopes, env))
        if drop is None or not ctx.allows(site.call):  # not provable, or a suppression comment
            continue
        if remove_arg(site.call, index) is None:
            ctx.diagnose(arg, "LS604", "%s(loop=...): a comment on or above the argument would be lost; "
                         "delete it by hand" % meaning)
            continue
        plan[id(site.call)] = index
        ctx.record_change(arg, "dropped loop= from %s() (%s)" % (meaning, drop.why))
    if not plan:
        return module
    return transform_along_paths(module, DropArgs(plan), plan)


def _loop_through_partial(site, ctx, analysis, env) -> None:
    """`functools.partial(asyncio.sleep, 1, loop=loop)`: the partial hands loop= on to the API when it is called,
    where no call site shows it; report it (LS607)."""
    arg = env.tree.parent.get(id(site.expr))
    call = env.tree.parent.get(id(arg)) if isinstance(arg, cst.Arg) else None
    if not isinstance(call, cst.Call) or not call.args or call.args[0] is not arg or arg.keyword is not None:
        return
    index = loop_keyword_index(call)
    scopes = site.frame.scopes()
    if index is None or analysis.resolve(call.func, scopes) != "functools.partial":
        return
    meaning = resolve_api(analysis, site.expr, scopes)
    if meaning in _CANONICAL:
        ctx.diagnose(call.args[index], "LS607", "functools.partial(%s, loop=...) passes loop= to %s() at each call "
                     "of the partial, a TypeError on 3.10+; delete loop= by hand where it is the loop that runs "
                     "the call" % (meaning, meaning))


def _plan(site, index, api, scopes, env):
    """Drop when loop=X is provably what the API uses without it (docs/SEMANTICS.md P15); else Diagnose."""
    arg = site.call.args[index]
    value = arg.value
    if is_none(value):
        return Drop(index, "it is the default")

    def diagnose(code, message):
        return Diagnose(code, arg, "%s(loop=...): %s" % (api, message))

    name = api.split(".")[-1]
    in_body = site.in_coroutine_body
    target = env.ctx.target
    outside_code = "LS603" if target >= (3, 10) else "LS602"
    parts = loop_value_parts(value)
    text = short_text(value)
    run_in = hint = None
    if parts is not None:
        carrier = task_loop(site.call, env.parent_of, lambda expr: env.analysis.resolve(expr, scopes))
        if carrier is not None and loop_value_parts(carrier[1]) == parts:
            how = task_loop_text(carrier[0], text)
            if name not in RUN_IN_LOOP:
                runner = ("%s.%s()" % (text, carrier[0]) if carrier[0] in ("run_until_complete", "create_task")
                          else "asyncio.%s()" % carrier[0])
                hint = "%s() uses its loop when called, before %s runs it" % (name, runner)
            elif rebinds(site.call, parts[0]):
                hint = "'%s' is rebound inside the call" % parts[0]
            else:
                run_in = "%s: it runs in that loop" % how
    lazy = None
    if parts is not None and target >= (3, 10) and name in LAZILY_BOUND:
        lazy = "target 3.10+: it binds to the first loop that waits on it, %s in every run that worked on 3.9" % text

    current = current_why = None
    if not in_body and run_in is None and lazy is None:
        current, current_why = current_loop(site, value, name, env, scopes)
    if not in_body and run_in is None and lazy is None and current is None:
        # B5: a generator that looks like a coroutine but is not proven one is named as such.
        generator = generator_note(env.analysis, site, env.tree) if site.async_extent is None else None
        where = ("in code that may run outside its coroutine" if site.async_extent is not None
                 else generator or "outside a coroutine")
        if current_why is not None:
            hint = "'%s' is not provably the current loop: %s" % (text, current_why)
        if hint is not None:
            tail = ("raises TypeError on 3.10+; check which loop runs it, then drop loop= by hand"
                    if target >= (3, 10) else "keep loop= or create it in a coroutine")
            return diagnose(outside_code, "%s: %s; %s" % (where, hint, tail))
        if target >= (3, 10) and name in LAZILY_BOUND:
            return diagnose("LS603", "'%s' is not None, a name or an attribute chain (evaluating it may do "
                            "something); raises TypeError on 3.10+: drop loop= by hand once checked" % text)
        if target >= (3, 10):
            return diagnose("LS603", "%s: raises TypeError on 3.10+; check which loop uses this object, then "
                            "drop loop= by hand" % where)
        if generator:
            return diagnose("LS602", "%s: nothing proves that a task runs it, so which loop will use this object "
                            "is unknown; keep loop=, or make it an async def (or leave "
                            "@asyncio.coroutine its only decorator) and run loopshift again" % where)
        return diagnose("LS602", "%s: which loop will use this object is unknown; keep loop= or create it in "
                        "that coroutine" % where)
    code = "LS601" if in_body else outside_code
    if env.foreign:
        return diagnose("LS606", "this file may run coroutines without asyncio; the loop= value may differ")
    wrapper = None
    awaitable = parts is not None and awaited_candidate(name, site.call)  # rule 3 may apply
    if awaitable and in_body:
        wrapper = awaited_through(site.call, env.parent_of, lambda expr: resolve_api(env.analysis, expr, scopes))
    if in_body and loop_getter(env.analysis, value, scopes):
        decision = Drop(index, "it is the running loop")
    elif run_in is not None:
        decision = Drop(index, run_in)
    elif current is not None:
        decision = Drop(index, current)
    elif lazy is not None:
        decision = Drop(index, lazy)
    elif awaitable and awaited_directly(site.call, env.parent_of):
        decision = Drop(index, "awaited in a coroutine: on 3.7-3.9 any other loop than the running one fails there")
    elif wrapper is not None:
        decision = Drop(index, "run by an awaited %s() in a task of the running loop: on 3.7-3.9 any other loop "
                        "fails there" % wrapper)
    else:
        decision = _running_loop_local(site, index, value, text, parts, name, env, diagnose)
    if not isinstance(decision, Drop):
        return decision
    why = env.relied_on(site.call, parts, text)  # the "Never" conditions of the docstring
    return decision if why is None else diagnose(code, why)


def _running_loop_local(site, index, value, text, parts, name, env, diagnose):
    """The last rules: a local of this coroutine assigned once from a loop getter before the call (rule 2),
    a parameter every caller fills with the loop that runs the coroutine (rule 6), or `S.X` assigned from
    the running loop earlier in the same step of this coroutine (rule 7)."""
    proofs = env.proofs
    if not isinstance(value, cst.Name):
        if parts is None:
            return diagnose("LS601", "'%s' is not provably the running loop (a name or an attribute chain "
                            "qualifies when the call is awaited right here); drop loop= by hand if it is" % text)
        if len(parts) == 2:
            why = proofs.attribute(site, value)
            if why is None:
                return Drop(index, "it is the running loop: assigned from it earlier in this coroutine, with no "
                            "await between")
            return diagnose("LS601", "'%s' is not provably the running loop: %s" % (text, why))
        return diagnose("LS601", "'%s' is not provably the running loop (%s; of attribute chains only "
                        "name.attribute, assigned from it earlier in this coroutine, is followed); drop loop= by "
                        "hand if it is" % (text, why_not_awaited(name)))
    function = site.frame.node
    if value.value in proofs.facts(function).params:
        why = proofs.parameter(function, value.value)
        if why is None:
            return Drop(index, "the loop that runs this coroutine: every call of %s() in this file passes it"
                        % function.name.value)
        return diagnose("LS601", "'%s' is a parameter, not provably the loop that runs %s(): %s"
                        % (value.value, function.name.value, why))
    why = proofs.local(site, value.value)
    if why is None and not proofs.facts(function).bindings.get(value.value):
        return Drop(index, "the loop that runs this coroutine: every call of %s() in this file is the one argument "
                    "of %s.run_until_complete() where %s is bound" % (function.name.value, value.value, value.value))
    if why is None:
        return Drop(index, "it is the running loop")
    if why.endswith("it may hold another loop"):
        why = "%s (%s)" % (why, why_not_awaited(name))
    return diagnose("LS601", why)

