"""Apply planned edits by node identity in one pass, and edit `from x import a, b` lists in place."""
from typing import Dict, Optional, Union

import libcst as cst

from .walk import AlongPaths, transform_along_paths

REMOVE = object()  # mapping value: delete this statement


class _Replacer(AlongPaths, cst.CSTTransformer):
    def __init__(self, mapping: Dict[int, Union[cst.CSTNode, object]]):
        super().__init__()
        self.mapping = mapping
        self.removed_lines: set = set()      # ids of original statement lines that were dropped
        self.dropped_lines: set = set()      # ids of statements removed with their leading lines
        self.expanded: Dict[int, int] = {}   # id of original statement -> how many it became

    def on_leave(self, original_node, updated_node):
        updated_node = super().on_leave(original_node, updated_node)
        replacement = self.mapping.get(id(original_node))
        if replacement is None:
            return updated_node
        if replacement is REMOVE:
            if isinstance(original_node, cst.BaseStatement):
                self.removed_lines.add(id(original_node))  # its leading comments move on too
            return cst.RemovalSentinel.REMOVE
        if replacement is cst.RemovalSentinel.REMOVE and isinstance(original_node, cst.BaseStatement):
            self.dropped_lines.add(id(original_node))
        elif isinstance(replacement, cst.FlattenSentinel):
            self.expanded[id(original_node)] = len(replacement.nodes)
        return replacement

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if not updated_node.body:
            self.removed_lines.add(id(original_node))
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def _carry_comments(self, original_body, updated_body, footer):
        """A dropped line's leading comments move to the statement after it (or the footer)."""
        if not any(id(statement) in self.removed_lines for statement in original_body):
            return updated_body, footer
        body, carry, index = list(updated_body), [], 0
        for statement in original_body:
            if id(statement) in self.removed_lines:
                carry.extend(statement.leading_lines)
                continue
            if id(statement) in self.dropped_lines:
                continue
            if carry:
                body[index] = body[index].with_changes(leading_lines=[*carry, *body[index].leading_lines])
                carry = []
            index += self.expanded.get(id(statement), 1)
        return body, [*carry, *footer]

    def leave_Module(self, original_node, updated_node):
        body, footer = self._carry_comments(original_node.body, updated_node.body, updated_node.footer)
        return updated_node.with_changes(body=body, footer=footer)

    def leave_IndentedBlock(self, original_node, updated_node):
        body, footer = self._carry_comments(original_node.body, updated_node.body, updated_node.footer)
        if not body:  # a block must hold a statement
            body = [cst.SimpleStatementLine([cst.Pass()])]
        return updated_node.with_changes(body=body, footer=footer)


def replace_nodes(module: cst.Module, mapping: Dict[int, Union[cst.CSTNode, object]]) -> cst.Module:
    """mapping: id(original node) -> new node, FlattenSentinel, REMOVE (a statement hands its leading
    lines to the next one) or RemovalSentinel.REMOVE (they go with it). Mapped nodes must not nest."""
    if not mapping:
        return module
    return transform_along_paths(module, _Replacer(mapping), mapping)


def has_comment(node: cst.CSTNode) -> bool:
    return "#" in cst.Module(body=[]).code_for_node(node)


def _bound_name(alias: cst.ImportAlias) -> str:
    return alias.asname.name.value if alias.asname is not None else alias.name.value


def _separator(node: cst.ImportFrom) -> cst.Comma:
    """The comma to put between two names when the list has only one today."""
    if node.lpar is not None and isinstance(node.lpar.whitespace_after, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=node.lpar.whitespace_after)
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def edit_from_import(node: cst.ImportFrom, local: str, add: Optional[str], remove: bool):
    """Add `add` right after the alias bound to `local`, and/or remove that alias.

    Returns the new ImportFrom, or REMOVE when no name is left. Layout (parentheses, one name per
    line, trailing comma) is kept by reusing the list's own commas.
    """
    names = list(node.names)
    index = next(i for i, alias in enumerate(names) if _bound_name(alias) == local)
    old = names[index]
    if add is not None:
        new = cst.ImportAlias(name=cst.Name(add), comma=old.comma)
        if remove:
            names[index] = new
        elif index < len(names) - 1:
            names.insert(index + 1, new)
        else:
            between = names[index - 1].comma if index > 0 else _separator(node)
            names[index] = old.with_changes(comma=between)
            names.insert(index + 1, new)
    elif remove:
        if len(names) == 1:
            return REMOVE
        if index == len(names) - 1:
            names[index - 1] = names[index - 1].with_changes(comma=old.comma)
        del names[index]
    return node.with_changes(names=names)
