"""A loop from asyncio.new_event_loop() that its scope runs but never closes -> try/finally: loop.close().

This is the leak `python -X dev` reports as "ResourceWarning: unclosed event loop". Closing is only
invisible when nothing can reach the loop afterwards, so the wrap runs to the end of the scope's
block, and the scope is left alone when the loop or anything made with it (a task, a transport, a
run's result) may outlive it: returned, stored outside, passed on, captured, or left as the thread's
current loop for later code (docs/SEMANTICS.md P11, B4).
"""
import re
from dataclasses import dataclass

import libcst as cst

from loopshift_support.after_run import imported_loop_kept, loop_reading_objects
from loopshift_support.analysis import thread_target_only
from loopshift_support.after_scope import current_loop_risk, used_outside
from loopshift_support.asyncio_api import CLOSE_UNDOES_METHODS, SITE_MODULES
from loopshift_support.decisions import Diagnose, Leave, Rewrite, settle
from loopshift_support.exit_hooks import exit_hook
from loopshift_support.loop_escape import Taint
from loopshift_support.loop_runs import READS_CURRENT, RUNS, Rewriter, is_generator, scope_block
from loopshift_support.loop_variable import LoopVariable, assigned_name, call_statement, only_statement
from loopshift_support.pending_work import left_pending, starts_thread
from loopshift_support.run_rewrite import TASK_IDENTITY
from loopshift_support.project_effects import imported_hazard, imported_pending, imported_task_names
from loopshift_support.syntax import param_names, terminal_name
from loopshift_support.walk import transform_along_paths

NAME = "close_loop"
DESCRIPTION = "an asyncio.new_event_loop() run but never closed in its scope -> try/finally: loop.close()"
TRIGGERS = ("new_event_loop",)
MIN_TARGET = (3, 7)
ORDER = 60
CODES = {
    "LS501": ("the unclosed loop escapes its scope",
              "The loop is returned, stored on an object or global, passed to a function, or used by a\n"
              "nested function, lambda or generator expression (or, at module level, by another\n"
              "function). Code loopshift cannot see may still use it, so closing it here could break\n"
              "that code. Fix: close the loop where its last user is done with it."),
    "LS502": ("the loop is created in a generator",
              "A generator's body runs in pieces, and a try/finally around it runs close() only when the\n"
              "generator finishes or is collected. Fix: close the loop explicitly where it is done."),
    "LS503": ("where to close the loop is ambiguous",
              "The loop is created inside a loop, with, try or if block, on a line with other statements,\n"
              "is assigned more than once, or is used before its creation line, so no single try/finally\n"
              "covers exactly its uses. Fix: add try/finally: loop.close() by hand."),
    "LS504": ("the loop is left as the current loop for later code",
              "set_event_loop(loop) made it the thread's current loop. After close(), get_event_loop()\n"
              "and friends return the closed loop (see docs/SEMANTICS.md B4 in the loopshift repository), so\n"
              "code that runs after this scope (callers, other code in this file) would fail with 'Event\n"
              "loop is closed'. Fix: close it where the program is done with it, or call\n"
              "set_event_loop(None) when it is closed."),
    "LS505": ("a value made with the loop leaves the scope",
              "Tasks, futures, transports, servers and run results may be bound to the loop. Once it is\n"
              "closed, their cancel()/close() raise 'Event loop is closed' instead of doing nothing.\n"
              "A task still pending (started with create_task, ensure_future...) is destroyed once the\n"
              "loop is closed: its finally blocks run then, where the unclosed loop kept it waiting.\n"
              "Fix: if the value is plain data, add try/finally: loop.close() by hand."),
    "LS507": ("close() would also affect things outside the loop",
              "The scope gives the loop a default executor (set_default_executor) or signal handlers\n"
              "(add_signal_handler). close() shuts that executor down and restores the signals' default\n"
              "handling, which code after this scope may rely on. Fix: close the loop by hand where that\n"
              "is intended."),
    "LS506": ("module-level loop of an importable module",
              "Code that imports this module may use the loop after the module's own code finished.\n"
              "Fix: close it where the program ends, or create it under `if __name__ == \"__main__\":`."),
}

_NAMES = frozenset({"new_event_loop", "set_event_loop", "closing", "Thread"} | READS_CURRENT)
SITE_NAMES = _NAMES  # the loop variables found in the text are added per file
RESOLVES_THROUGH = SITE_MODULES


@dataclass(frozen=True)
class Wrap(Rewrite):
    """block.body[start:] goes into try/finally: name.close()."""
    block: cst.BaseSuite
    start: int


def transform(module: cst.Module, ctx) -> cst.Module:
    shared = ctx.analysis(module, _NAMES)
    if not any(id(s.call) in shared.assigned_to for s in shared.sites if s.call is not None
               and shared.resolve(s.expr, s.frame.scopes()) == "asyncio.new_event_loop"):
        return module  # only `name = new_event_loop()` can be wrapped; skip the per-file analysis
    text = ctx.code(module)
    # Candidate variable names by text, so that one analysis records their loads too; a creation the
    # pattern misses has no recorded loads and is left alone.
    makers = ["new_event_loop"] + re.findall(r"\bnew_event_loop\s+as\s+([A-Za-z_]\w*)", text)
    names = set(re.findall(r"\b([A-Za-z_]\w*)\s*=\s*(?:[A-Za-z_][\w.]*\.)?(?:%s)\s*\(" % "|".join(makers), text))
    if not names:
        return module
    analysis = ctx.analysis(module, _NAMES | names)
    creators = [s for s in analysis.sites if s.call is not None and not s.call.args
                and analysis.resolve(s.expr, s.frame.scopes()) == "asyncio.new_event_loop"]
    tree = ctx.tree(module)
    starts = {}
    for creation in creators:
        name = assigned_name(lambda node: tree.parent.get(id(node)), creation.call)
        if name is None:
            continue  # not `name = asyncio.new_event_loop()`
        plan = settle(ctx, _plan(ctx, analysis, module, tree, creation, name, text))
        if plan is not None and ctx.allows(creation.call):
            starts.setdefault(id(plan.block), []).append((plan.start, name))
            ctx.record_change(creation.call, "try/finally: %s.close() added: the loop was run but never closed "
                              "(ResourceWarning: unclosed event loop)" % name)
    blocks = {key: (lambda updated, wraps=wraps: _wrap(updated, wraps)) for key, wraps in starts.items()}
    return transform_along_paths(module, Rewriter({}, blocks), blocks) if blocks else module


def _plan(ctx, analysis, module, tree, creation, name, text):
    """Wrap(block, first wrapped index), Diagnose, or Leave (not this pattern)."""
    frame = creation.frame
    own = analysis.module if frame.kind == "module" else frame.node if frame.kind in ("def", "async") else None
    if own is None or analysis.binding_scope(name, frame.scopes()) is not own:
        return Leave("not a variable of a function or the module")
    variable = LoopVariable(analysis, tree, name, own)
    uses = [(use.site, use) for use in variable.uses]
    if any(u.attr == "close" or (u.kind == "argument" and _means(analysis, s, u.call, "contextlib.closing"))
           for s, u in uses):
        return Leave("closed somewhere already")
    if not any(u.kind == "method" and u.attr in RUNS for _, u in uses):
        return Leave("never run here: not this leak")
    if own is analysis.module and not creation.in_main_guard:
        return Diagnose("LS506", creation.call, "module-level '%s' is never closed, but importers may still use it; "
                        "close it where the program is done with it" % name)
    if own is not analysis.module and is_generator(own):
        return Diagnose("LS502", creation.call, "'%s' is created in a generator; close it explicitly" % name)
    assign, line, block = variable.creation(creation.call)
    if (not scope_block(analysis, own, block) or only_statement(line) is not assign
            or analysis.bindings_in(name, own) != 1):
        return Diagnose("LS503", creation.call,
                        "'%s' is created in a nested block, on a shared line or assigned again; "
                        "add try/finally: %s.close() by hand" % (name, name))
    if re.search(r"\bnonlocal\b[^\n]*\b%s\b" % re.escape(name), text):
        return Diagnose("LS501", creation.call, "a nested function rebinds '%s' (nonlocal); not closed" % name)
    c = variable.index(creation.call, block)
    start, set_used = c + 1, False
    for site, use in uses:
        index = variable.index(site.expr, block) if site.frame.node is frame.node else None
        if index is None:
            return Diagnose("LS501", site.expr, "'%s' is used outside this scope (nested function, lambda, generator "
                            "expression or other code); closing it here may break that code" % name)
        if index <= c:
            return Diagnose("LS503", site.expr, "'%s' is used before or on its creation line" % name)
        if use.kind == "argument" and _means(analysis, site, use.call, "asyncio.set_event_loop") \
                and len(use.call.args) == 1:
            set_used = True
            if index == start and call_statement(block.body[start]) is use.call:
                start += 1
            continue
        if use.kind == "method" and use.attr in CLOSE_UNDOES_METHODS:
            return Diagnose("LS507", use.call, "%s.%s(): close() would also shut down or undo this; close the loop by "
                            "hand where intended" % (name, use.attr))
        if use.kind == "method" or (use.kind == "bound-method-arg" and _loop_method(use.call, name)):
            continue
        return Diagnose("LS501", site.expr, "'%s' escapes here (returned, stored or passed on); closing it in this "
                        "scope may break its later users" % name)
    if start >= len(block.body):
        return Leave("nothing follows the creation")
    params = param_names(own.params) if own is not analysis.module else []
    modules = {n for n, found in analysis.bindings.items() if found and all(b.qualname for b in found)}
    taint = Taint(block.body, name, params, modules)
    if taint.leak is not None:
        return Diagnose("LS505", taint.leak, "a value made with '%s' leaves the scope here; it may be bound to the "
                        "loop, so closing the loop could break its later use" % name)
    outside = used_outside(ctx, module, analysis, variable, frame, block, taint.names - {name}, _NAMES)
    if outside is not None:
        return Diagnose("LS505", outside, "a value made with '%s' is used outside this scope; closing the loop could "
                        "break that use" % name)
    hook = exit_hook(ctx, analysis.imported_modules, text, tree)
    if hook is not None:
        return Diagnose("LS505", creation.call, "%s; values made with '%s' (the running loop a coroutine kept "
                        "included) may still use it there, so closing it here could change that" % (hook, name))
    if set_used:
        reason = current_loop_risk(analysis, module, variable, frame, block, start) or imported_hazard(ctx)
        if reason is not None:
            return Diagnose("LS504", creation.call,
                            "set_event_loop(%s) leaves it current after this scope (%s); closing "
                            "it would leave a closed current loop" % (name, reason))
    pending = left_pending(tree, text, callbacks=False) or imported_pending(ctx)
    if pending is None and (own is analysis.module or not thread_target_only(analysis, own)):
        # A thread of this file may hold the loop past the run (a coroutine hands it the running loop: probe
        # round 8, W03). A thread target's own loop is made and run in its thread.
        thread = starts_thread(text)
        if thread is not None:
            return Diagnose("LS505", creation.call, "%s; closing '%s' here could change what that thread sees"
                            % (thread, name))
    if pending is None:
        streams = loop_reading_objects(text)
        if streams is not None:  # a stream kept past the function (module state) closes on the loop: probe 11, m6
            return Diagnose("LS505", creation.call, "%s may outlive this scope and need '%s' open (writer.close() "
                            "schedules on it); closing it here could make that fail" % (streams, name))
    if pending is not None:
        return Diagnose("LS505", creation.call, "%s; closing '%s' could change what that work sees (a task still "
                        "pending then is destroyed, its finally blocks and __aexit__ run at once), where the old code "
                        "left it alone" % (pending, name))
    # A coroutine the loop runs may hand the running loop on (returned, stored, set as current), or a task whose
    # get_loop() is it: the caller then finds it closed (probe round 14, H p09, p28, p38, p44).
    kept = _running_loop_handed_on(tree) or imported_loop_kept(ctx.project) or (
        "a task of the run may be kept (current_task, all_tasks) and its get_loop() read" if TASK_IDENTITY.search(text)
        else imported_task_names(ctx))
    if kept is not None:
        return Diagnose("LS505", creation.call, "%s; closing '%s' here could change what that code sees later"
                        % (kept, name))
    return Wrap(block, start)


def _running_loop_handed_on(tree):
    """A coroutine of the file takes its running loop (a getter) other than to call one of its methods or compare it:
    it may store, return or set it as current (`SEEN.append(asyncio.get_running_loop())`), and who gets it later
    finds it closed after the added close() (probe round 14, H p44)."""
    for node in tree.nodes:
        if type(node) is cst.Call and terminal_name(node.func) in ("get_running_loop", "get_event_loop"):
            function = tree.function_of(node)
            if not (type(function) is cst.FunctionDef and function.asynchronous is not None):
                continue
            if _only_used(tree, node):
                continue
            up = tree.parent.get(id(node))
            if type(up) is cst.Assign and len(up.targets) == 1 and type(up.targets[0].target) is cst.Name:
                local = up.targets[0].target
                reads = [n for n in tree.descendants(function) if type(n) is cst.Name and n.value == local.value
                         and n is not local]
                if all(_only_used(tree, n) for n in reads):
                    continue  # `loop = asyncio.get_running_loop()` then `loop.call_soon(...)`
            return "coroutine %s() hands its running loop on" % function.name.value
    return None


def _only_used(tree, node) -> bool:
    """The receiver of a method or attribute read, or a side of a comparison: nothing keeps it."""
    up = tree.parent.get(id(node))
    return (type(up) is cst.Attribute and up.value is node) or type(up) in (cst.Comparison, cst.ComparisonTarget)


def _means(analysis, site, call, qualname):
    return call is not None and analysis.resolve(call.func, site.frame.scopes()) == qualname


def _loop_method(call, name):
    func = call.func
    return isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == name


def _wrap(block, wraps):
    """block.body[start:] -> try: ... finally: name.close() (or a finally added to a lone try); the
    latest creation first, so an earlier loop's try holds a later loop's."""
    body = list(block.body)
    for start, name in sorted(wraps, key=lambda pair: pair[0], reverse=True):
        rest = body[start:]
        close = cst.SimpleStatementLine([cst.Expr(cst.Call(cst.Attribute(cst.Name(name), cst.Name("close"))))])
        final = cst.Finally(cst.IndentedBlock([close]))
        if len(rest) == 1 and isinstance(rest[0], cst.Try) and rest[0].finalbody is None:
            wrapped = rest[0].with_changes(finalbody=final)
        else:
            first = rest[0]
            wrapped = cst.Try(cst.IndentedBlock([first.with_changes(leading_lines=[]), *rest[1:]]),
                              finalbody=final, leading_lines=first.leading_lines)
        body = [*body[:start], wrapped]
    return block.with_changes(body=body)
