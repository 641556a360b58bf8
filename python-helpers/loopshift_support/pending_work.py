"""Work a run may leave pending when it ends (docs/SEMANTICS.md R5, P6): asyncio.Runner's close() cancels
leftover tasks and finalises async generators, where run_until_complete() left them pending on a loop
that nobody ran again. Without such work the two end alike; with it, a task's `except CancelledError` or
`finally` runs (and may print) only under the Runner. asyncio_run checks the same through its lifecycle
(loop_lifecycle.py, P3a condition 7); runner checks it here, on the text (a mention in a comment counts:
the check errs towards explicit_loop's one loop, which cancels nothing)."""
import re
from typing import Optional

import libcst as cst

from .asyncio_api import BACKGROUND_WORK
from .sync_callers import is_generator

_STARTS_WORK = re.compile(r"\b(%s)\b|\b(?:asyncio\s*\.\s*wait|Task)\s*\(" % "|".join(sorted(BACKGROUND_WORK)))


def left_pending(tree, text: str) -> Optional[str]:
    """Why work may still be pending when this file's runs end (or None). `tree`: the module's TreeIndex."""
    found = _STARTS_WORK.search(text)
    if found:
        return "%s may leave work pending when the runs end: asyncio.Runner would cancel it" % (
            found.group(1) or found.group(0).rstrip("( "))
    for node in tree.nodes:
        if type(node) is cst.FunctionDef and node.asynchronous is not None and is_generator(node):
            return "async generator %s() would be finalised by asyncio.Runner at the end" % node.name.value
    return None
