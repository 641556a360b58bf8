"""Around a loop variable's runs (docs/SEMANTICS.md P6, P11), for the `runner` and `close_loop`
transforms: which entry-point loops a file runs, the span of statements one lives in (creation,
set_event_loop, runs, close), whether a run's argument is provably a coroutine, which sync code
touches asyncio's current loop, and a one-pass rewriter for whole blocks that keeps the comments of
the lines it drops. The variable itself (its creation and what each load does) is loop_variable.py;
what may escape with it, loop_escape.py.
"""
from typing import Callable, Dict, List, Optional

import libcst as cst

from .analysis import Ambiguous, canonical, dotted_parts
from .asyncio_api import IMPLICIT_LOOP_FUNCTIONS, LOOP_BOUND_CLASSES, LOOP_RUN_METHODS
from .loop_variable import call_statement, finally_closes, method_call_statement
from .walk import AlongPaths, walk

# asyncio calls that, run outside a coroutine, read, create or replace the thread's current loop.
READS_CURRENT = IMPLICIT_LOOP_FUNCTIONS | LOOP_BOUND_CLASSES | {"get_event_loop_policy", "as_completed"}
MANAGES_LOOPS = READS_CURRENT | {"new_event_loop", "set_event_loop", "set_event_loop_policy", "run", "Runner"}
RUNS = LOOP_RUN_METHODS


def meaning(analysis, site) -> Optional[str]:
    """asyncio.X for a site that is asyncio's X, or may be (a name also bound to something else)."""
    found = analysis.resolve(site.expr, site.frame.scopes())
    if not isinstance(found, Ambiguous):
        return found
    parts = dotted_parts(site.expr) or []
    if "asyncio" in found.qualnames and len(parts) > 1:  # the module name itself is ambiguous
        return canonical(".".join(["asyncio"] + parts[1:]))
    ours = sorted(q for q in found.qualnames if q and q.startswith("asyncio."))
    return ours[0] if ours else None


def sync_loop_sites(analysis, names, skip=()) -> list:
    """Sites of asyncio.<names> that may run outside a coroutine (where they use the current loop).
    Future and Task count only when called: annotations, isinstance() and base classes make nothing."""
    wanted = {"asyncio." + n for n in names}
    found = []
    for site in analysis.sites:
        if id(site.expr) in skip or site.in_coroutine_body:
            continue
        what = meaning(analysis, site)
        if what in wanted and (site.call is not None or what not in ("asyncio.Future", "asyncio.Task")):
            found.append(site)
    return found


def entry_loops(analysis) -> list:
    """[(scope, name, run sites)]: the `name.run_until_complete()` calls on entry sites whose `name` is
    bound in the entry scope itself (the module for the main guard, else the entry function), one
    group per variable, in the order of their first run."""
    groups = {}
    for site in analysis.sites:
        value = site.expr.value if isinstance(site.expr, cst.Attribute) else None
        if site.terminal != "run_until_complete" or site.call is None or not isinstance(value, cst.Name):
            continue
        kind = analysis.entry_kind(site)
        own = analysis.module if kind == "main-guard" else site.frame.node if kind else None
        if own is not None and analysis.binding_scope(value.value, site.frame.scopes()) is own:
            groups.setdefault((id(own), value.value), (own, value.value, []))[2].append(site)
    return list(groups.values())


def scope_block(analysis, scope, block) -> bool:
    """`block` is the scope's own top level: a function's body, or for the module an entry block
    (a main guard's body, or a script-only module itself)."""
    if scope is analysis.module:
        return analysis.entry_block(block)
    return scope.body is block


class RunSpan:
    """The statements of `block` a loop variable lives in, from its creation `block.body[c]`: an
    optional `set_event_loop(name)` statement right after it (`set_call`), from `start` on the runs,
    up to `end`, the statement that closes the loop: `name.close()` (form "close"), a try whose
    finally is that close alone ("try", the runs may be in its body), or none (form None, `end` is
    the block's length). `runs`: the run_until_complete calls in the span, in source order. `misfit`:
    the first use of the variable that fits none of this (a run outside the span, another close(),
    any other use), with `misfit_index`, the statement of the block holding it (None: outside the
    block, or in another frame than `frame`); then `runs` is incomplete."""

    def __init__(self, analysis, variable, creation, block, frame, scopes):
        name, body = variable.name, block.body
        self.c = variable.index(creation, block)
        self.start = self.c + 1
        set_call = call_statement(body[self.start]) if self.start < len(body) else None
        if (set_call is not None and analysis.resolve(set_call.func, scopes) == "asyncio.set_event_loop"
                and len(set_call.args) == 1 and getattr(set_call.args[0].value, "value", None) == name):
            self.start += 1
        else:
            set_call = None
        self.set_call, self.end, self.form = set_call, len(body), None
        for index in range(self.start, len(body)):
            if method_call_statement(body[index], name, "close"):
                self.end, self.form = index, "close"
                break
            if isinstance(body[index], cst.Try) and finally_closes(body[index], name):
                self.end, self.form = index, "try"
                break
        self.runs, self.misfit, self.misfit_index = [], None, None
        for use in variable.uses:
            index = variable.index(use.site.expr, block) if use.site.frame.node is frame else None
            if not self._fits(variable, use, index, body):
                self.misfit, self.misfit_index = use, index
                break

    def _fits(self, variable, use, index, body) -> bool:
        end, form = self.end, self.form
        in_try_body = form == "try" and index == end and variable.within(use.site.expr, body[end].body)
        if index is not None and self.set_call is not None and use.call is self.set_call:
            return True
        if use.kind == "method" and use.attr == "close" and index == end and form and not in_try_body:
            return True
        if use.kind == "method" and use.attr == "run_until_complete" and index is not None:
            if index < self.start or index > end or (index == end and not in_try_body):
                return False
            self.runs.append(use.call)
            return True
        return False


def uncertain_runs(analysis, runs) -> list:
    """For each run not provably given a coroutine (one positional argument that is a local_coroutine_call),
    that argument, or the run itself when its arguments have another shape."""
    found = []
    for call in runs:
        plain = len(call.args) == 1 and not call.args[0].keyword and not call.args[0].star
        argument = call.args[0].value if plain else call
        if not plain or not (local_coroutine_call(analysis, argument) or _asyncio_coroutine_call(analysis, argument)):
            found.append(argument)
    return found


# asyncio's own coroutine functions (an `async def` on 3.7-3.13) whose call only makes a coroutine: its body, and
# with it every use of a loop, runs in the task that runs it. Not gather() (a plain function whose call makes a
# future of the current loop at once).
_ASYNCIO_COROUTINES = {"asyncio.sleep": 0, "asyncio.wait_for": 1}


def _asyncio_coroutine_call(analysis, expr) -> bool:
    """`asyncio.sleep(d)` or `asyncio.wait_for(f(...), t)`, f(...) a local_coroutine_call: positional arguments only,
    plain values; every binding of the name it goes through is the module's (so a module-scope resolution holds
    wherever the run is)."""
    if not isinstance(expr, cst.Call) or any(arg.star or arg.keyword is not None for arg in expr.args):
        return False
    parts = dotted_parts(expr.func)
    if not parts or any(b.scope is not analysis.module for b in analysis.bindings.get(parts[0], ())):
        return False
    meaning = analysis.resolve(expr.func, (analysis.module,))
    if meaning not in _ASYNCIO_COROUTINES or len(expr.args) not in (1, 2):
        return False
    if meaning == "asyncio.wait_for":
        return len(expr.args) == 2 and local_coroutine_call(analysis, expr.args[0].value) \
            and isinstance(expr.args[1].value, (cst.Integer, cst.Float, cst.Name))
    return isinstance(expr.args[0].value, (cst.Integer, cst.Float))


def local_coroutine_call(analysis, expr) -> bool:
    """`f(...)` where f can only be this file's module-level, undecorated, non-generator async def."""
    if not isinstance(expr, cst.Call) or not isinstance(expr.func, cst.Name):
        return False
    name = expr.func.value
    defs = analysis.module_functions.get(name, [])
    if len(defs) != 1 or len(analysis.bindings.get(name, ())) != 1:
        return False
    return defs[0].asynchronous is not None and not defs[0].decorators and not is_generator(defs[0])


class _YieldFinder(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.found = False

    def visit_Yield(self, node) -> None:
        self.found = True

    def visit_FunctionDef(self, node) -> bool:
        return False  # a nested function's yield makes it, not us, a generator

    def visit_Lambda(self, node) -> bool:
        return False

    def visit_ClassDef(self, node) -> bool:
        return False


def is_generator(function: cst.FunctionDef) -> bool:
    finder = _YieldFinder()
    walk(function.body, finder)
    return finder.found


def comment_lines(line) -> List[cst.EmptyLine]:
    """A statement line's own comments (leading lines, trailing comment), to keep when it goes away."""
    lines = list(line.leading_lines)
    trailing = getattr(line, "trailing_whitespace", None)
    if trailing is not None and trailing.comment is not None:
        lines.append(cst.EmptyLine(comment=trailing.comment))
    return lines


def header_comment(block) -> List[cst.EmptyLine]:
    header = getattr(block, "header", None)
    return [cst.EmptyLine(comment=header.comment)] if header is not None and header.comment is not None else []


class Rewriter(AlongPaths, cst.CSTTransformer):
    """One pass: `nodes` maps id(original) -> replacement; `blocks` maps id(original block or module)
    -> function(updated block) -> new block. Statement lists keep their indices until their block's
    function runs, because `nodes` only ever replaces nodes in place."""

    def __init__(self, nodes: Dict[int, cst.CSTNode], blocks: Dict[int, Callable]):
        super().__init__()
        self.nodes, self.blocks = nodes, blocks

    def on_leave(self, original_node, updated_node):
        replacement = self.nodes.get(id(original_node))
        if replacement is not None:
            return replacement
        rebuild = self.blocks.get(id(original_node))
        return rebuild(updated_node) if rebuild is not None else updated_node


