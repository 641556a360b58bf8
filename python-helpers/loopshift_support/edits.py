"""Apply planned edits by node identity in one pass, and edit `from x import a, b` lists in place."""
from typing import Dict, Optional, Union

import libcst as cst

REMOVE = object()  # mapping value: delete this statement


class _Replacer(cst.CSTTransformer):
    def __init__(self, mapping: Dict[int, Union[cst.CSTNode, object]]):
        super().__init__()
        self.mapping = mapping

    def on_leave(self, original_node, updated_node):
        updated_node = super().on_leave(original_node, updated_node)
        replacement = self.mapping.get(id(original_node))
        if replacement is None:
            return updated_node
        if replacement is REMOVE:
            return cst.RemovalSentinel.REMOVE
        return replacement

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if not updated_node.body:
            return cst.RemovalSentinel.REMOVE
        return updated_node

    def leave_IndentedBlock(self, original_node, updated_node):
        if not updated_node.body:  # a block must hold a statement
            return updated_node.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        return updated_node


def replace_nodes(module: cst.Module, mapping: Dict[int, Union[cst.CSTNode, object]]) -> cst.Module:
    """mapping: id(original node) -> new node or REMOVE. Mapped nodes must not nest."""
    if not mapping:
        return module
    return module.visit(_Replacer(mapping))


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
