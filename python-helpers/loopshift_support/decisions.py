"""What a transform decides for one site, as a value: rewrite it, report it, or leave it alone.

A plan function returns one of these instead of a dict, a tuple or None, and the transform dispatches
on the type with `settle()`: the diagnostics are reported, a `Rewrite` comes back to be applied.
"""
from dataclasses import dataclass
from typing import Any, Optional, Tuple, Union


class Rewrite:
    """The site is rewritten. Each transform subclasses it (a dataclass) with the fields its edit needs."""


@dataclass(frozen=True)
class Diagnose:
    """The site is left alone and reported: ctx.diagnose(node, code, message)."""
    code: str
    node: Any
    message: str


@dataclass(frozen=True)
class DiagnoseAll:
    """The site is left alone and several of its parts are reported, in this order."""
    diagnoses: Tuple[Diagnose, ...]


@dataclass(frozen=True)
class Leave:
    """Not this transform's pattern: nothing to rewrite, nothing to report here."""
    why: str = ""


Decision = Union[Rewrite, Diagnose, DiagnoseAll, Leave]


def settle(ctx, decision: Decision) -> Optional[Rewrite]:
    """Reports a Diagnose or DiagnoseAll; returns the Rewrite to apply, or None."""
    if isinstance(decision, Rewrite):
        return decision
    if isinstance(decision, Diagnose):
        ctx.diagnose(decision.node, decision.code, decision.message)
    elif isinstance(decision, DiagnoseAll):
        for diagnosis in decision.diagnoses:
            ctx.diagnose(diagnosis.node, diagnosis.code, diagnosis.message)
    elif not isinstance(decision, Leave):
        raise TypeError("a plan returned %r, not a Decision" % (decision,))
    return None
