"""An event loop policy set just before the entry point's asyncio.run() -> loop_factory
(docs/SEMANTICS.md P9).

`set_event_loop_policy(uvloop.EventLoopPolicy())` / `uvloop.install()` / the Windows policies only
choose the loop class, and asyncio.run() creates its loop through the policy. When nothing else in
the file can see the global policy (no other run, loop, thread, watcher or policy read) and no sync
code can observe the current loop that asyncio.run() sets (loop_factory skips set_event_loop, R1),
passing the loop class as loop_factory (3.12), or through asyncio.Runner (3.11), is exact. Anything
else next to a run is left alone with a diagnostic; policies elsewhere are loop_diagnostics' job.
"""
from dataclasses import dataclass
from typing import Any, Sequence

import libcst as cst

from loopshift_support.asyncio_api import SITE_MODULES
from loopshift_support.decisions import Diagnose, Rewrite, settle
from loopshift_support.edits import REMOVE, has_comment, replace_nodes
from loopshift_support.import_rules import IN_PLACE
from loopshift_support.policies import (NAMES, Policy, contains, entry_statement, is_platform_test, loaded_names,
                                        name_for, plain_run, policy_before, reliance, whole_statement)
from loopshift_support.project_effects import imported_hazard, imported_policy_users

NAME = "loop_factory"
DESCRIPTION = ("set_event_loop_policy(uvloop/Windows policy) + asyncio.run() -> loop_factory=... "
               "(rewrites from 3.11; older: reports only)")
TRIGGERS = ("set_event_loop_policy", "uvloop")  # uvloop.install() always names uvloop
MIN_TARGET = (3, 7)  # below 3.11 it only reports (LS701, or why it would decline anyway)
ORDER = 35
LEAVES_TO = {"loop_diagnostics": "policies that are not set right before an entry-point asyncio.run()"}
SITE_NAMES = NAMES
RESOLVES_THROUGH = SITE_MODULES
CODES = {
    "LS701": ("the target version has no loop_factory for this run",
              "asyncio.run(main(), loop_factory=...) needs Python 3.12; `with asyncio.Runner(loop_factory=...)\n"
              "as runner: runner.run(main())` needs 3.11 (and a run that is a whole statement). With an older\n"
              "--target-version the policy stays. Fix: raise --target-version, or keep the policy until then\n"
              "(uvloop users can call uvloop.run(main()) on recent uvloop releases)."),
    "LS702": ("a policy loopshift does not know is set before asyncio.run",
              "Only uvloop.EventLoopPolicy, WindowsSelectorEventLoopPolicy and WindowsProactorEventLoopPolicy are\n"
              "known to do nothing but choose the loop class. A subclass, tornado's AnyThreadEventLoopPolicy or\n"
              "any other policy may override get_event_loop()/new_event_loop()/set_event_loop(), which\n"
              "loop_factory would bypass. Policies are deprecated in 3.14. Fix: if the policy only picks a\n"
              "loop class, pass that class as asyncio.run(..., loop_factory=...) and drop the policy."),
    "LS703": ("something else in this file (or a project module it imports) may rely on the global event loop policy",
              "Another asyncio.run/Runner/new_event_loop, a policy read, threads, processes, subprocess watchers\n"
              "or nest_asyncio would still get their loops from the policy; removing it changes them, and\n"
              "several runs would need the factory each. Fix: pass loop_factory to every run and loop creation,\n"
              "then remove the policy by hand."),
    "LS704": ("sync code in this file may expect the loop asyncio.run() sets as current",
              "asyncio.run() calls set_event_loop(loop) (and set_event_loop(None) at the end); with loop_factory it\n"
              "does not, so get_event_loop() (and ensure_future/gather/Future() without a running loop) outside\n"
              "a coroutine would see or create a different loop (see docs/SEMANTICS.md R1 in the loopshift\n"
              "repository). Fix: use asyncio.get_running_loop() inside coroutines, then run loopshift again."),
    "LS705": ("code runs between setting the policy and asyncio.run",
              "Calls, imports or class bodies between the two may create loops or read the policy, which the\n"
              "rewrite would no longer set. Fix: move the policy call right before asyncio.run(), or rewrite\n"
              "by hand if that code must see the policy."),
    "LS706": ("the policy is set under a condition loopshift cannot carry over",
              "Only a platform test (sys.platform / os.name) without else branch can become\n"
              "`loop_factory=X if <test> else None`. Fix: rewrite by hand, keeping the condition."),
    "LS707": ("the rewrite cannot be written cleanly here",
              "The loop factory or asyncio.Runner has no name in this file (e.g. only `from uvloop import\n"
              "install`), or a comment sits on the policy line or inside the asyncio.run() call and would be\n"
              "moved or lost. Fix: `import uvloop` / `import asyncio`, or move the comment, then run again."),
}


@dataclass(frozen=True)
class UseFactory(Rewrite):
    """The policy statement goes; the run gets loop_factory=`factory` (3.12), or runs in
    `with <runner>(loop_factory=factory) as ...:` (3.11, `runner` names asyncio.Runner)."""
    site: Any
    policy: Policy
    body: Sequence[cst.BaseStatement]
    line: cst.SimpleStatementLine
    factory: str
    runner: str


def transform(module: cst.Module, ctx) -> cst.Module:
    analysis = ctx.analysis(module, NAMES)
    runs = [s for s in analysis.sites if s.call is not None and analysis.entry_kind(s) is not None
            and analysis.resolve(s.expr, s.frame.scopes()) == "asyncio.run"]
    if not runs:
        return module
    parents = ctx.tree(module).parent
    mapping, reported = {}, set()
    ctx.imports.follow(IN_PLACE)  # a trailing comment keeps every name; a shared line loses just the import
    for site in runs:
        found = entry_statement(site, parents, analysis)
        if found is None or not plain_run(site.call):
            continue
        body, anchor, line = found
        policy, between = policy_before(body[:anchor], analysis, site.frame.scopes(), module)
        if policy is None:
            continue
        decision = _plan(site, policy, between, body, line, analysis, ctx)
        if isinstance(decision, Diagnose):
            if (id(decision.node), decision.code) in reported:
                continue  # one report per policy and code, however many runs follow it
            reported.add((id(decision.node), decision.code))
        plan = settle(ctx, decision)
        if plan is not None and ctx.allows(site.call, policy.statement):  # else a suppression comment covers it
            _apply(plan, analysis, ctx, module, mapping)
    return replace_nodes(module, mapping)  # the request handler applies the planned imports


def _plan(site, policy, between, body, line, analysis, ctx):
    """UseFactory when the rewrite is exact, else Diagnose at the policy call."""
    scopes = site.frame.scopes()

    def decline(code, message):
        return Diagnose(code, policy.call, message)

    if policy.known is None:
        text = policy.described.splitlines()[0]
        return decline("LS702", "policy %s is not known to only choose the loop class; it may override "
                       "get_event_loop()/new_event_loop(); left unchanged" % text)
    if policy.test is not None and policy.has_else:
        return decline("LS706", "policy set in an if with an else/elif branch; left unchanged")
    if policy.test is not None and not is_platform_test(policy.test, analysis, scopes):
        return decline("LS706", "policy set under a condition that is not a plain platform test; left unchanged")
    hazard = imported_hazard(ctx)
    if hazard:
        return decline("LS704", "%s; left unchanged" % hazard)
    users = imported_policy_users(ctx)
    if users:
        return decline("LS703", "%s; left unchanged" % users)
    relied = reliance(analysis, {id(site.expr), id(policy.call.func)})
    if relied is not None and relied.on == "policy":
        return decline("LS703", "%s, which may need the global policy; left unchanged" % relied.what)
    if relied is not None:
        return decline("LS704", "%s would not see the loop asyncio.run() sets once it uses loop_factory; left "
                       "unchanged" % relied.what)
    if between:
        return decline("LS705", "code between the policy and asyncio.run() may use the policy; left unchanged")
    whole = whole_statement(line, site.call)
    if ctx.target < (3, 11) or (ctx.target < (3, 12) and not whole):
        return decline("LS701", "policy set before asyncio.run(); target %s would allow loop_factory"
                       % ("3.11 (asyncio.Runner) or 3.12" if whole else "3.12"))
    factory = name_for(analysis, scopes, *policy.known)
    runner = name_for(analysis, scopes, "asyncio", "Runner") if ctx.target < (3, 12) else ""
    if factory is None or runner is None:
        return decline("LS707", "no name for %s here; import the module, then run again" % (
            ".".join(policy.known) if factory is None else "asyncio.Runner"))
    lead_free = policy.statement.with_changes(leading_lines=[])
    if has_comment(site.call) or has_comment(lead_free):
        return decline("LS707", "a comment on the policy line or inside asyncio.run() would move; left unchanged")
    return UseFactory(site, policy, body, line, factory, runner)


def _apply(plan, analysis, ctx, module, mapping):
    site, policy, body, line = plan.site, plan.policy, plan.body, plan.line
    factory = plan.factory
    if policy.test is not None:
        factory = "%s if %s else None" % (factory, module.code_for_node(policy.test))
    call = site.call
    if ctx.target >= (3, 12):
        target, replacement = call, _add_factory(call, cst.parse_expression(factory))
        ctx.record_change(call, "policy %s -> asyncio.run(loop_factory=...)" % policy.described)
    else:
        target, replacement = line, _runner_block(line, call, factory, plan.runner, analysis, module)
        ctx.record_change(call, "policy %s -> asyncio.Runner(loop_factory=...)" % policy.described)
    # Removing the policy statement hands its leading comments and blank lines to the next one.
    index = next(i for i, statement in enumerate(body) if statement is policy.statement)
    following = body[index + 1]
    if following is target:
        new = replacement
    elif contains(following, target):
        new = following.deep_replace(target, replacement)
    else:  # inert statements come between: the run is edited on its own
        new, mapping[id(target)] = following, replacement
    mapping[id(policy.statement)] = REMOVE
    mapping[id(following)] = new
    # Imports whose only loads were in the policy statement go. The planner edits by node identity, so an
    # import inside `following`, which the rewrite rebuilds, stays as it was.
    names = loaded_names(policy.statement.body.body[0] if isinstance(policy.statement, cst.If) else policy.statement)
    needed = {factory.split(".")[0], plan.runner.split(".")[0]}
    for local in sorted(set(names) - needed):
        ctx.imports.unused(analysis, local, names.count(local))


def _add_factory(call, factory):
    args = list(call.args)
    last = args[-1]
    multiline = isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace)
    between = call.whitespace_before_args if multiline else cst.SimpleWhitespace(" ")
    args[-1] = last.with_changes(comma=cst.Comma(whitespace_after=between),
                                 whitespace_after_arg=cst.SimpleWhitespace(""))
    args.append(cst.Arg(value=factory, keyword=cst.Name("loop_factory"),
                        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                              whitespace_after=cst.SimpleWhitespace("")),
                        comma=last.comma, whitespace_after_arg=last.whitespace_after_arg))
    return call.with_changes(args=args)


def _runner_block(line, call, factory, runner_class, analysis, module):
    """`with asyncio.Runner(loop_factory=F) as runner:` around the run's line, as 3.11's asyncio.run
    does internally; the line's leading comments go above the with."""
    name = analysis.free_name(("runner", "loop_runner", "_runner", "runner_"))
    if name is None:
        raise StopIteration  # as before: the file fails rather than shadow a name (a known gap)
    debug = "".join("debug=%s, " % module.code_for_node(arg.value) for arg in call.args[1:])
    newline = module.default_newline
    header = "with %s(%sloop_factory=%s) as %s:%s%spass%s" % (runner_class, debug, factory, name, newline,
                                                             module.default_indent, newline)
    block = cst.parse_statement(header, config=module.config_for_parsing)
    first = call.args[0].with_changes(comma=call.args[-1].comma, whitespace_after_arg=call.args[-1].whitespace_after_arg)
    new_call = call.with_changes(func=cst.Attribute(value=cst.Name(name), attr=cst.Name("run")), args=[first])
    statement = line.body[0].with_changes(value=new_call)
    inner = line.with_changes(body=[statement], leading_lines=[])
    return block.with_changes(leading_lines=line.leading_lines,
                              body=block.body.with_changes(body=[inner], indent=None))
