"""Removing one argument from a call without losing layout or comments (drop_loop_arg's edit,
docs/SEMANTICS.md P15): the commas and spaces are fixed, and a comment that would be lost or moved onto
another argument makes the removal fail instead."""
from typing import Dict, Optional

import libcst as cst

from .edits import has_comment
from .walk import AlongPaths


def _own_line_comments(whitespace) -> bool:
    return isinstance(whitespace, cst.ParenthesizedWhitespace) and any(
        line.comment is not None for line in whitespace.empty_lines)


def _merge(before, after):
    """Whitespace `after` keeps the comment that ended the line in `before`; None if it cannot."""
    if not has_comment(before):
        return after
    if isinstance(before, cst.ParenthesizedWhitespace) and isinstance(after, cst.ParenthesizedWhitespace):
        return after.with_changes(first_line=before.first_line)
    return None


def remove_arg(call: cst.Call, index: int) -> Optional[cst.Call]:
    """call without args[index], commas and layout fixed; None when a comment would be lost or moved
    onto another argument (a comment on the removed argument's line, or on lines just above it)."""
    args = list(call.args)
    arg = args[index]
    before = args[index - 1].comma.whitespace_after if index else call.whitespace_before_args
    if has_comment(arg) or _own_line_comments(before):
        return None
    if len(args) == 1:
        if has_comment(call.whitespace_before_args):
            return None
        return call.with_changes(args=(), whitespace_before_args=cst.SimpleWhitespace(""))
    if index < len(args) - 1:  # the next argument takes the removed one's place and leading space
        del args[index]
        return call.with_changes(args=args)
    prev = args[index - 1]
    if isinstance(arg.comma, cst.Comma):  # trailing comma: keep one, followed by the removed one's space
        whitespace = _merge(prev.comma.whitespace_after, arg.comma.whitespace_after)
        if whitespace is None:
            return None
        args[index - 1] = prev.with_changes(comma=prev.comma.with_changes(whitespace_after=whitespace))
    else:
        # prev's comma goes: the space around it must not hold a comment (leading-comma style).
        whitespace = _merge(prev.comma.whitespace_after, arg.whitespace_after_arg)
        if whitespace is None or has_comment(prev.comma.whitespace_before):
            return None
        if has_comment(prev.whitespace_after_arg):
            return None
        args[index - 1] = prev.with_changes(comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=whitespace)
    del args[index]
    return call.with_changes(args=args)


class DropArgs(AlongPaths, cst.CSTTransformer):
    """Applies {id(original call): index of the argument to drop}; nested calls compose."""

    def __init__(self, plan: Dict[int, int]):
        super().__init__()
        self.plan = plan

    def leave_Call(self, original_node, updated_node):
        index = self.plan.get(id(original_node))
        if index is None:
            return updated_node
        new = remove_arg(updated_node, index)
        return updated_node if new is None else new
