"""Where code around a call may catch what a `loop=` argument raises (docs/SEMANTICS.md P15): a
handler or context manager around the call, in the code that runs with it, or one naming those errors
around a call of the function that holds it (a test asserting the DeprecationWarning, a version shim).
Dropping loop= there would change what that code sees."""
import re
from typing import FrozenSet, List, Optional

import libcst as cst

from .syntax import terminal_name

# What a call with loop= can raise that the call without it does not: TypeError (3.10+, loop= is
# gone), RuntimeError and ValueError (3.7-3.9, a loop other than the one the API would pick),
# DeprecationWarning (3.8-3.9, raised under -W error), NameError/AttributeError (evaluating X itself);
# with the classes above them.
LOOP_ARG_ERRORS = frozenset({"BaseException", "Exception", "TypeError", "RuntimeError", "ValueError", "Warning",
                             "DeprecationWarning", "NameError", "UnboundLocalError", "AttributeError"})
# Spelled like an exception class (CamelCase, a usual suffix): taken to be that class, and so unable to
# catch the errors above unless it is one of them. A lower-case or UPPER_CASE name (a tuple, an alias)
# is not: it may hold anything.
_EXCEPTION_CLASS = re.compile(r"^_*[A-Z][A-Za-z0-9]*(Error|Exception|Exit|Interrupt|Iteration|Warning)$")
# Context managers that catch what their arguments name, or record/filter warnings.
_RAISES_CMS = frozenset({"suppress", "raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp",
                         "failUnlessRaises"})
_WARNS_CMS = frozenset({"warns", "assertWarns", "assertWarnsRegex"})
_WARNINGS_CMS = frozenset({"deprecated_call", "catch_warnings"})


def may_catch(type_expr) -> bool:
    """Could `except <type_expr>` catch one of LOOP_ARG_ERRORS? Bare `except:` (None) can."""
    if type_expr is None:
        return True
    if isinstance(type_expr, cst.Tuple):
        return any(may_catch(element.value) for element in type_expr.elements)
    name = terminal_name(type_expr)
    if name is None or name in LOOP_ARG_ERRORS:
        return True
    return not _EXCEPTION_CLASS.match(name)


def _with_item_may_catch(item: cst.WithItem) -> bool:
    expr = item.item
    if not isinstance(expr, cst.Call):
        return False  # `with lock:`: an object's own __exit__ is not looked into (see P15, residue)
    name = terminal_name(expr.func)
    if name in _WARNINGS_CMS:
        return True
    if name in _RAISES_CMS or name in _WARNS_CMS:
        positional = [arg for arg in expr.args if arg.keyword is None]
        keyword = [arg for arg in expr.args if arg.keyword is not None and arg.keyword.value in
                   ("expected_exception", "expected_warning", "exception", "category")]
        caught = positional if name == "suppress" else (positional[:1] or keyword)
        return not caught or any(arg.star or may_catch(arg.value) for arg in caught)
    return False


def enclosing_handler(call: cst.CSTNode, parent_of) -> Optional[cst.CSTNode]:
    """The innermost `try` (its body holding the call) with a handler that may catch LOOP_ARG_ERRORS,
    or `with` whose context manager may (suppress, pytest.raises, assertRaises, assertWarns,
    catch_warnings, ...), in the code that runs together with the call: up to the enclosing def or
    lambda body (a class body, a comprehension, a def's decorators and defaults run in place)."""
    child, node = call, parent_of(call)
    while node is not None:
        if isinstance(node, (cst.FunctionDef, cst.Lambda)) and child is node.body:
            return None
        if isinstance(node, (cst.Try, cst.TryStar)) and child is node.body:
            if any(may_catch(handler.type) for handler in node.handlers):
                return node
        if isinstance(node, cst.With) and any(_with_item_may_catch(item) for item in node.items):
            return node
        child, node = node, parent_of(node)
    return None


# Handlers that name one of these are about the errors a loop= argument raises (a test asserting the
# DeprecationWarning or the TypeError, a shim), not general error handling like `except Exception`.
SPECIFIC_ERRORS = LOOP_ARG_ERRORS - {"BaseException", "Exception"}


def _names_specific(expr) -> bool:
    if isinstance(expr, cst.Tuple):
        return any(_names_specific(element.value) for element in expr.elements)
    return terminal_name(expr) in SPECIFIC_ERRORS if expr is not None else False


def _specific_guard_args(call: cst.Call) -> Optional[list]:
    """For assertRaises(TypeError, f, ...), pytest.raises(RuntimeError), suppress(TypeError),
    assertWarns(DeprecationWarning), catch_warnings(), deprecated_call(): the arguments after the
    exception (what the call form runs); None when the call is no such guard."""
    name = terminal_name(call.func)
    if name in _WARNINGS_CMS:
        return list(call.args)
    if name not in _RAISES_CMS and name not in _WARNS_CMS:
        return None
    positional = [arg for arg in call.args if arg.keyword is None]
    caught = positional if name == "suppress" else positional[:1]
    if any(_names_specific(arg.value) for arg in caught):
        return [arg for arg in call.args if all(arg is not exc for exc in caught)]
    return None


def guarded_callees(tree) -> FrozenSet[str]:
    """Names of the functions this file calls (or hands to assertRaises) where a handler naming one of
    SPECIFIC_ERRORS is waiting: in the body of such a try, of a `with assertRaises(TypeError)`-like
    block, or in the arguments of the call form `assertRaises(RuntimeError, f, ...)`. A loop= inside a
    function of that name may be what the handler is there for."""
    names = set()

    def collect(nodes):
        for inner in nodes:
            if isinstance(inner, cst.Call):
                called = terminal_name(inner.func)
                if called:
                    names.add(called)
            elif isinstance(inner, cst.Arg):
                passed = terminal_name(inner.value)
                if passed:
                    names.add(passed)

    for node in tree.nodes:
        region = None
        if isinstance(node, (cst.Try, cst.TryStar)):
            if any(_names_specific(handler.type) for handler in node.handlers):
                region = [node.body]
        elif isinstance(node, cst.With):
            if any(isinstance(item.item, cst.Call) and _specific_guard_args(item.item) is not None
                   for item in node.items):
                region = [node.body]
        elif isinstance(node, cst.Call) and terminal_name(node.func) not in _WARNINGS_CMS:
            region = _specific_guard_args(node)  # the call form: assertRaises(TypeError, f, ...)
        for part in region or ():
            start, end = tree.span[id(part)]
            collect(tree.nodes[start:end])
    return frozenset(names)


def enclosing_function_names(call: cst.CSTNode, parent_of) -> List[str]:
    """The names of the defs whose bodies hold the call, innermost first."""
    found = []
    child, node = call, parent_of(call)
    while node is not None:
        if isinstance(node, cst.FunctionDef) and child is node.body:
            found.append(node.name.value)
        child, node = node, parent_of(node)
    return found
