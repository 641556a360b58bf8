"""Two pieces of the asyncio_run rewrite (docs/SEMANTICS.md P3a, P7): which non-coroutine arguments of a run
can be wrapped in an async def, and the try/finally whose close() goes away with the run."""
import re

import libcst as cst

from .asyncio_api import WRAPPABLE_AWAITABLES
from .edits import has_comment
from .project_effects import imported_task_names


# What tells one more task apart: its default name (Task-N counts every task made), the registry, logging's taskName.
TASK_IDENTITY = re.compile(r"\b(?:current_task|all_tasks|get_name|taskName)\b")


def wrappable(lc, arg, scopes) -> bool:
    """gather/wait_for/shield of this file's coroutines (P7). A gather that may return while other
    children still run (an exception without return_exceptions=True) is declined: asyncio.run
    would cancel them where run_until_complete left them pending."""
    if not isinstance(arg, cst.Call) or lc.analysis.resolve(arg.func, scopes) not in WRAPPABLE_AWAITABLES:
        return False
    kind = lc.analysis.resolve(arg.func, scopes)
    # The wrapper is a task of its own, where run_until_complete() made none for a gather (a future) and made the
    # shielded coroutine the first: later tasks' names shift, all_tasks() counts one more (probe round 12, W1).
    # wait_for's own task (before 3.12) or direct await (3.12+) is the wrapper's place either way.
    if kind != "asyncio.wait_for" and (TASK_IDENTITY.search(lc.ctx.code(lc.module)) or imported_task_names(lc.ctx)):
        return False
    positional = [a for a in arg.args if a.keyword is None]
    keywords = [a for a in arg.args if a.keyword is not None]
    if kind == "asyncio.shield":
        return len(arg.args) == 1 and not arg.args[0].star and lc.async_def_call(arg.args[0].value, scopes)
    if kind == "asyncio.wait_for":
        return bool(positional) and not any(a.star for a in arg.args) and lc.async_def_call(positional[0].value, scopes)
    children, many = [], len(positional) > 1
    for a in positional:
        if a.star == "*" and isinstance(a.value, (cst.ListComp, cst.GeneratorExp)):
            children.append(a.value.elt)
            many = True
        elif a.star == "*" and isinstance(a.value, (cst.List, cst.Tuple)):
            children.extend(element.value for element in a.value.elements)
            many = True
        elif a.star:
            return False
        else:
            children.append(a.value)
    settled = [a for a in keywords if a.keyword.value == "return_exceptions"
               and isinstance(a.value, cst.Name) and a.value.value == "True"]
    if len(keywords) != len(settled) or (many and not settled):
        return False
    return bool(children) and all(lc.async_def_call(child, scopes) for child in children)


def try_comments_free(pattern) -> bool:
    """Comments outside the try body's statements would be dropped with the finally."""
    node = pattern.try_node
    final = node.finalbody
    parts = [node.body.header, final.body.header] + list(node.body.footer) + list(final.leading_lines) \
        + list(final.body.footer) + [line for line in (pattern.close_line, pattern.unset_line) if line]
    return not any(has_comment(part) for part in parts)


def without_close(pattern, lines):
    """The try with loop.close() (and set_event_loop(None)) gone from its finally; unwrapped when
    nothing else is left in it."""
    node = pattern.try_node
    body = []
    for statement in node.body.body:
        body.extend(lines if statement is pattern.ruc_line else [statement])
    rest = [s for s in node.finalbody.body.body if s is not pattern.close_line and s is not pattern.unset_line]
    if rest:
        final = node.finalbody.with_changes(body=node.finalbody.body.with_changes(body=rest))
        return node.with_changes(body=node.body.with_changes(body=body), finalbody=final)
    if node.handlers:
        return node.with_changes(body=node.body.with_changes(body=body), finalbody=None)
    body[0] = body[0].with_changes(leading_lines=[*node.leading_lines, *body[0].leading_lines])
    return cst.FlattenSentinel(body)
