"""How a message shows a piece of code: one line, at most 40 characters."""
import libcst as cst

from .syntax import dotted_parts


def short_text(node) -> str:
    text = " ".join(cst.Module([]).code_for_node(node).split())
    return text if len(text) <= 40 else text[:37] + "..."


def dotted_text(expr) -> str:
    parts = dotted_parts(expr)
    return ".".join(parts) if parts else short_text(expr)
