"""Around a loop variable's runs (docs/SEMANTICS.md P6, P11), for the `runner` and `close_loop`
transforms: whether a run's argument is provably a coroutine, which sync code touches asyncio's
current loop, and a one-pass rewriter for whole blocks that keeps the comments of the lines it drops.
The variable itself (its creation and what each load does) is loop_variable.py; what may escape with
it, loop_escape.py.
"""
from typing import Callable, Dict, List, Optional

import libcst as cst

from .analysis import Ambiguous, canonical, dotted_parts
from .asyncio_api import IMPLICIT_LOOP_FUNCTIONS, LOOP_BOUND_CLASSES, LOOP_RUN_METHODS
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


