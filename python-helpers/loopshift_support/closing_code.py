"""Code of a coroutine that also runs when the coroutine is closed (docs/SEMANTICS.md P1, "Closing code").

A task still pending when its loop is closed is destroyed later (at garbage collection, or at exit): its
coroutine is closed by throwing GeneratorExit in at the await where it waits, with no loop running. Its
`finally:` blocks, and the handlers that catch GeneratorExit (a bare `except:`, `except BaseException`,
`except GeneratorExit`), run then: `get_event_loop()` there returns the thread's current loop (maybe a
closed one), while `get_running_loop()` raises, and the error is swallowed with the rest of that cleanup.
So a site there is not "under a running loop" for get_running_loop (P1) or for the callers of a sync
helper (P2a).
"""
from typing import Dict, Optional

import libcst as cst

_CLOSING = frozenset({"BaseException", "GeneratorExit"})


def runs_when_closed(parent: Dict[int, Optional[cst.CSTNode]], node: cst.CSTNode, coroutine: cst.CSTNode) -> bool:
    """Is `node` in a `finally:` or a GeneratorExit-catching handler of `coroutine`'s own body? `parent`:
    a TreeIndex's map of id(node) to its parent."""
    current = parent.get(id(node))
    while current is not None and current is not coroutine:
        if isinstance(current, cst.Finally):
            return True
        if isinstance(current, (cst.ExceptHandler, cst.ExceptStarHandler)) and _catches_closing(current.type):
            return True
        current = parent.get(id(current))
    return False


def _catches_closing(kind: Optional[cst.BaseExpression]) -> bool:
    if kind is None:
        return True  # a bare except
    if isinstance(kind, cst.Tuple):
        return any(_catches_closing(element.value) for element in kind.elements)
    if isinstance(kind, cst.Name):
        return kind.value in _CLOSING
    if isinstance(kind, cst.Attribute):
        return kind.attr.value in _CLOSING
    return True  # a computed class: it may be either
