"""Drop `loop=X` from the asyncio APIs that removed it in 3.10 (docs/SEMANTICS.md P15).

Up to 3.9 every one of them treats a missing loop as `loop=None`, and then uses get_event_loop()
(or, for sleep/wait/wait_for on 3.8+, get_running_loop()); from 3.10 `loop=` raises TypeError. The
argument goes when the API provably ends up with the loop it would use without it (P15 rules 1-5):
  1. `loop=None`, anywhere: it is the default, so the call is the same call on 3.7-3.9;
  2. in a coroutine's body, `asyncio.get_running_loop()` / `asyncio.get_event_loop()` called right
     there, or a local of the same coroutine assigned once from one of them in a statement that always
     runs before the call (not a parameter, not global/nonlocal, not in an async generator);
  3. awaited in a coroutine: X a name or an attribute chain, the call the operand of `await` (or of
     `yield from` in a generator-based coroutine) in a coroutine's body, for sleep, gather, wait,
     wait_for, shield, open_connection, open_unix_connection, create_subprocess_exec/shell: on 3.7-3.9
     another loop than the running one makes them await a pending future of X in the task
     (RuntimeError), or is never used. Not start_server/start_unix_server: with sock= or a unix path
     they serve on X without failing;
  4. the one argument of `X.run_until_complete()` with the same X (a name or an attribute chain), for
     the coroutine functions (sleep, wait, wait_for, the streams and subprocess functions; not
     gather/shield, which use their loop before X runs): their body runs inside X;
  5. targets 3.10+ only: None, a name or an attribute chain on a primitive (Lock, Event, Condition,
     Semaphore, BoundedSemaphore, Queue, PriorityQueue, LifoQueue), anywhere: loop= raises TypeError on
     every version the target allows, and the primitive binds to the first loop that waits on it, which
     is X in every run that worked on 3.9.
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
from loopshift_support.asyncio_api import FOREIGN_RUNNERS, qualified
from loopshift_support.decisions import Diagnose, Rewrite, settle
from loopshift_support.loop_args import (AWAITED_IN_COROUTINE, LAZILY_BOUND, LOOPLESS_APIS, RUN_IN_LOOP,
                                         CoroutineFacts, DropArgs, awaited_directly, enclosing_function_names,
                                         enclosing_handler, guarded_callees, loop_attribute_hooks,
                                         loop_getter, loop_keyword_index,
                                         loop_value_parts, remove_arg, resolve_api,
                                         run_until_complete_receiver)
from loopshift_support.syntax import is_none
from loopshift_support.walk import transform_along_paths, walk

NAME = "drop_loop_arg"
DESCRIPTION = ("drop loop= (removed in 3.10) from asyncio.sleep/gather/Queue/Lock/... where it is provably the loop "
               "used anyway")
TRIGGERS = ()
TRIGGER_PATTERNS = (r"\bloop\s*=",)  # a loop= keyword; "loop" alone is in most asyncio files
MIN_TARGET = (3, 7)
ORDER = 20
SITE_NAMES = LOOPLESS_APIS
CODES = {
    "LS601": ("loop= may not be the running loop",
              "The call is in a coroutine, but loopshift cannot prove that the loop= value is the loop the API\n"
              "would use without it. It drops loop= in a coroutine when the value is\n"
              "asyncio.get_running_loop() or get_event_loop() (called in place, or a local assigned once from\n"
              "one), or when the value is a name or an attribute chain (self.loop, a parameter) and the call\n"
              "is awaited right there (await asyncio.sleep(1, loop=self.loop)) for sleep, gather, wait,\n"
              "wait_for, shield, open_connection, open_unix_connection or create_subprocess_exec/shell:\n"
              "awaiting a future of another loop fails on 3.7-3.9, so in every run that works it is the\n"
              "running loop (at targets 3.10+ also from Lock, Queue and the other primitives, see LS603). This\n"
              "call is none of those: it is not awaited here (a Queue or Lock, a task created for later,\n"
              "start_server, which with sock= serves on that loop without failing), its value is a call or a\n"
              "subscript, reading the value may run a property of this file, or the code may rely on what\n"
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
              "need not be X. loopshift drops it outside a coroutine only from the one argument of\n"
              "X.run_until_complete() with the same X, for sleep, wait, wait_for and the streams and\n"
              "subprocess functions (their body runs in X; not gather or shield, which use the loop before X\n"
              "runs), and at targets 3.10+ from the primitives (see LS603). Here none of that holds, or a\n"
              "try/with around the call (or around a call of this function in the file) may catch what loop=\n"
              "raises, or reading the value may run a property of this file. Fix: create the object inside the\n"
              "coroutine that uses it, without loop=; or keep loop= until the code targets 3.10+ only. See\n"
              "docs/SEMANTICS.md P15 in the loopshift repository."),
    "LS603": ("loop= outside a coroutine raises TypeError on 3.10+",
              "On the target (3.10+) this call raises TypeError. Outside a coroutine body loopshift drops\n"
              "loop= only where the result is what 3.9 did: from Lock, Event, Condition, Semaphore,\n"
              "BoundedSemaphore, Queue, PriorityQueue and LifoQueue when the value is None, a name or an\n"
              "attribute chain (from 3.10 they bind to the first loop that waits on them, which is X in every\n"
              "run that worked on 3.9), and from the one argument of X.run_until_complete() with the same X.\n"
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
    "LS606": ("this file may drive coroutines without asyncio",
              "The file uses trio, curio, anyio, trio-asyncio or coro.send(None). A coroutine run that way\n"
              "has no running asyncio loop, so the loop= value need not be the loop the API would pick\n"
              "without it. Fix: check how these coroutines are run, then delete loop= by hand."),
}

_CANONICAL = qualified(LOOPLESS_APIS)


@dataclass(frozen=True)
class Drop(Rewrite):
    index: int  # of the loop= argument
    why: str    # for the change record


class _File:
    """What the plan of every site of one module version shares, built when first needed."""

    def __init__(self, module, ctx, analysis):
        self.module, self.ctx, self.analysis = module, ctx, analysis
        self.foreign = bool(FOREIGN_RUNNERS & analysis.imported_modules) or ".send(None)" in ctx.source
        self.facts = {}  # id(coroutine def) -> CoroutineFacts
        self._tree = self._hooks = self._guarded = None

    @property
    def tree(self):
        if self._tree is None:
            self._tree = self.ctx.tree(self.module)
        return self._tree

    def parent_of(self, node):
        return self.tree.parent.get(id(node))

    @property
    def attribute_hooks(self):
        if self._hooks is None:
            self._hooks = loop_attribute_hooks(self.tree.nodes)
        return self._hooks

    @property
    def guarded_callees(self):
        if self._guarded is None:
            self._guarded = guarded_callees(self.tree)
        return self._guarded


def transform(module: cst.Module, ctx) -> cst.Module:
    analysis = ctx.analysis(module, LOOPLESS_APIS)
    env = _File(module, ctx, analysis)
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
        drop = settle(ctx, _plan(site, index, meaning, scopes, env))
        if drop is None:
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
    text = _text(value)
    run_in = hint = None
    if parts is not None:
        receiver = run_until_complete_receiver(site.call, env.parent_of)
        if receiver is not None and loop_value_parts(receiver) == parts:
            if name not in RUN_IN_LOOP:
                hint = "%s() uses its loop when called, before %s.run_until_complete() runs" % (name, text)
            elif _rebinds(site.call, parts[0]):
                hint = "'%s' is rebound inside the call" % parts[0]
            else:
                run_in = "the one argument of %s.run_until_complete(): it runs in that loop" % text
    lazy = None
    if parts is not None and target >= (3, 10) and name in LAZILY_BOUND:
        lazy = "target 3.10+: it binds to the first loop that waits on it, %s in every run that worked on 3.9" % text

    if not in_body and run_in is None and lazy is None:
        where = "in code that may run outside its coroutine" if site.async_extent else "outside a coroutine"
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
        return diagnose("LS602", "%s: which loop will use this object is unknown; keep loop= or create it in "
                        "that coroutine" % where)
    code = "LS601" if in_body else outside_code
    if env.foreign:
        return diagnose("LS606", "this file may run coroutines without asyncio; the loop= value may differ")
    if in_body and loop_getter(env.analysis, value, scopes):
        decision = Drop(index, "it is the running loop")
    elif run_in is not None:
        decision = Drop(index, run_in)
    elif lazy is not None:
        decision = Drop(index, lazy)
    elif parts is not None and name in AWAITED_IN_COROUTINE and awaited_directly(site.call, env.parent_of):
        decision = Drop(index, "awaited in a coroutine: on 3.7-3.9 any other loop than the running one fails there")
    else:
        decision = _running_loop_local(site, index, value, text, parts, name, env, diagnose)
    if not isinstance(decision, Drop):
        return decision
    return _relied_on(site, parts, text, code, env, diagnose) or decision


def _relied_on(site, parts, text, code, env, diagnose):
    """A Diagnose when the code around may rely on what loop= raises, or reading X runs code of this file."""
    handler = enclosing_handler(site.call, env.parent_of)
    if handler is not None:
        kind = "with" if isinstance(handler, cst.With) else "try"
        return diagnose(code, "a '%s' around the call may catch what loop= raises (TypeError from 3.10; "
                        "RuntimeError, ValueError or DeprecationWarning before): code relying on it stays as "
                        "written" % kind)
    callers = [f for f in enclosing_function_names(site.call, env.parent_of) if f in env.guarded_callees]
    if callers:
        return diagnose(code, "'%s' is called in this file where a handler for TypeError, RuntimeError, "
                        "ValueError or DeprecationWarning waits (a test or a version shim may rely on the "
                        "error); left as written" % callers[0])
    if parts is not None and len(parts) > 1:
        hooks = env.attribute_hooks
        if "*" in hooks or any(part in hooks for part in parts[1:]):
            return diagnose(code, "reading '%s' may run a property or __getattr__ of this file; left as written"
                            % text)
    return None


def _running_loop_local(site, index, value, text, parts, name, env, diagnose):
    """The last rule: a local of this coroutine assigned once from a loop getter before the call."""
    if not isinstance(value, cst.Name):
        if parts is None:
            return diagnose("LS601", "'%s' is not provably the running loop (a name or an attribute chain "
                            "qualifies when the call is awaited right here); drop loop= by hand if it is" % text)
        return diagnose("LS601", "'%s' is not provably the running loop: %s; drop loop= by hand if it is"
                        % (text, _why_not_awaited(name)))
    name_ = value.value
    coroutine = site.frame.node
    found = env.facts.get(id(coroutine))
    if found is None:
        found = env.facts[id(coroutine)] = CoroutineFacts(coroutine)
    if name_ in found.params:
        return diagnose("LS601", "'%s' is a parameter: the caller chooses the loop (%s)"
                        % (name_, _why_not_awaited(name)))
    if name_ in found.declared:
        return diagnose("LS601", "'%s' is declared global/nonlocal: it may hold another loop" % name_)
    statement, source = found.single_assignment(name_)
    if statement is None:
        why = "assigned more than once" if found.bindings.get(name_) else "not a local of this coroutine"
        return diagnose("LS601", "'%s' is %s; it may hold another loop (%s)" % (name_, why, _why_not_awaited(name)))
    if source is None or not loop_getter(env.analysis, source, site.frame.scopes()):
        return diagnose("LS601", "'%s' does not come from asyncio.get_running_loop() in this coroutine" % name_)
    if not found.dominates(statement, site.call):
        return diagnose("LS601", "'%s = ...' does not always run before this call" % name_)
    if found.is_async_generator:
        return diagnose("LS601", "'%s' is kept across yields of an async generator, which another loop may "
                        "resume" % name_)
    return Drop(index, "it is the running loop")


def _why_not_awaited(name: str) -> str:
    if name in ("start_server", "start_unix_server"):
        return "%s with sock= or a unix path serves on that loop without failing" % name
    if name in LAZILY_BOUND:
        return "on 3.7-3.9 the object binds to it when created; targets 3.10+ drop it"
    if name not in AWAITED_IN_COROUTINE:
        return "%s is not awaited" % name
    return "the call is not awaited right here"


def _rebinds(call: cst.Call, name: str) -> bool:
    """A walrus inside the call that rebinds the loop's name before loop= is evaluated."""
    found = []

    class _Walrus(cst.CSTVisitor):
        SKIP_TRIVIA = True

        def visit_NamedExpr(self, node):
            if isinstance(node.target, cst.Name) and node.target.value == name:
                found.append(node)

    walk(call, _Walrus())
    return bool(found)


def _text(value) -> str:
    text = " ".join(cst.Module([]).code_for_node(value).split())
    return text if len(text) <= 40 else text[:37] + "..."
