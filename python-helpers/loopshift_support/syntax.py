"""Facts about a piece of syntax alone, with no file around it: dotted names, parameter lists, None."""
from typing import FrozenSet, List, Optional

import libcst as cst


# Builtins that only look at what they are given: they neither keep it nor advance it (`type(f())` makes a
# generator and drops it; `print(loop)` or `id(loop)` hands the loop on to nothing).
LOOKING_BUILTINS = frozenset({"id", "repr", "str", "print", "isinstance", "type", "hash", "bool", "hasattr", "callable"})


def dotted_parts(expr: cst.BaseExpression) -> Optional[List[str]]:
    parts = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    parts.append(expr.value)
    return parts[::-1]


def terminal_name(expr: cst.BaseExpression) -> Optional[str]:
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None


def is_none(expr) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


# -- parameters: the one model of a def's or lambda's parameter list ------------------------------------
def positional_params(params: cst.Parameters) -> List[cst.Param]:
    """What positional arguments fill, in order (a method's first one is its self)."""
    return list(params.posonly_params) + list(params.params)


def named_params(params: cst.Parameters) -> List[cst.Param]:
    """Named parameters (not *args/**kwargs): what pytest can fill and a caller can omit."""
    return positional_params(params) + list(params.kwonly_params)


def all_params(params: cst.Parameters) -> List[cst.Param]:
    """Every parameter that binds a name, *args and **kwargs included (a bare `*` binds none)."""
    return named_params(params) + [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]


def param_names(params: cst.Parameters) -> List[str]:
    return [p.name.value for p in all_params(params)]


def string_values(tree) -> FrozenSet[str]:
    """The values of the str literals among a TreeIndex's nodes: what a string may name (a module, a function)."""
    found = set()
    for node in tree.nodes:
        if type(node) is cst.SimpleString:
            try:
                value = node.evaluated_value
            except Exception:  # noqa: BLE001 - an odd literal names nothing
                continue
            if isinstance(value, str):
                found.add(value)
    return frozenset(found)


def in_own_body(tree, function: cst.FunctionDef, kinds) -> bool:
    """Some node of these kinds is the function's own: in its body, not in a nested def or lambda (a TreeIndex
    gives the nodes, spans and parents)."""
    start, end = tree.span[id(function)]
    for node in tree.nodes[start:end]:
        if isinstance(node, kinds):
            up = tree.parent.get(id(node))
            while up is not None and up is not function and not isinstance(up, (cst.FunctionDef, cst.Lambda)):
                up = tree.parent.get(id(up))
            if up is function:
                return True
    return False
