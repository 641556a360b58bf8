"""A policy class of this file that only chooses the loop class (docs/SEMANTICS.md P3b, "a policy class of
this file"): `class P(asyncio.DefaultEventLoopPolicy): _loop_factory = SomeLoop` and nothing else.

Such a class inherits get_event_loop(), set_event_loop() and new_event_loop() from asyncio's
BaseDefaultEventLoopPolicy [src 3.7.16-3.13.0 events.py]: on a main thread with no loop set,
get_event_loop() does `self.set_event_loop(self.new_event_loop())`, and new_event_loop() is
`self._loop_factory()`. asyncio.new_event_loop() and asyncio.set_event_loop() call the same two methods of
the installed policy, so the explicit loop of P3b gets the same class, as under uvloop's old policy.
Anything more (a method, another attribute, a decorator, a metaclass or keyword, a second base, a class
changed or read through its name elsewhere in the file) may change that, and the class does not count.
"""
from typing import Optional

import libcst as cst

from .asyncio_api import WINDOWS_POLICIES_MODULE
from .syntax import dotted_parts

# asyncio's policies whose get_event_loop()/set_event_loop()/new_event_loop() are BaseDefaultEventLoopPolicy's
# (the Unix default adds only child-watcher bookkeeping to set_event_loop(), which both forms call).
# Not AbstractEventLoopPolicy: its methods raise NotImplementedError.
_WINDOWS = ("WindowsSelectorEventLoopPolicy", "WindowsProactorEventLoopPolicy")
FACTORY_BASES = frozenset({"asyncio.DefaultEventLoopPolicy", "asyncio.BaseDefaultEventLoopPolicy"}
                          | {"asyncio." + name for name in _WINDOWS}
                          | {WINDOWS_POLICIES_MODULE + "." + name for name in _WINDOWS})
_FACTORY = "_loop_factory"
# Names through which code may change a class without naming it as `P.attr`.
_DYNAMIC = frozenset({"setattr", "delattr", "globals", "vars", "eval", "exec"})


def only_chooses_loop_class(cls: cst.ClassDef, analysis, scopes) -> bool:
    """The class statement is `class P(<asyncio default policy>):` with a body of an optional docstring
    and one `_loop_factory = <dotted name>` (a name runs no code when the class is made)."""
    if cls.decorators or cls.keywords or len(cls.bases) != 1:
        return False
    base = cls.bases[0]
    if base.keyword is not None or base.star or analysis.resolve(base.value, scopes) not in FACTORY_BASES:
        return False
    if not isinstance(cls.body, cst.IndentedBlock):
        return False
    body = list(cls.body.body)
    if body and _docstring(body[0]):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], cst.SimpleStatementLine) or len(body[0].body) != 1:
        return False
    assign = body[0].body[0]
    return (isinstance(assign, cst.Assign) and len(assign.targets) == 1
            and isinstance(assign.targets[0].target, cst.Name) and assign.targets[0].target.value == _FACTORY
            and dotted_parts(assign.value) is not None)


def left_alone(name: str, nodes) -> bool:
    """Nothing in the file (`nodes`, every node of it) reaches the class but by calling or naming it:
    no `P.attr` (which could replace a method) and no setattr()/globals()/eval()-style dynamic access."""
    for node in nodes:
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == name:
            return False
        if isinstance(node, cst.Name) and node.value in _DYNAMIC:
            return False
    return True


def loop_class_policy(cls: Optional[cst.CSTNode], analysis, module_scope, nodes) -> bool:
    """`cls` is a module-level class, bound once, that only chooses the loop class and nothing changes."""
    return (isinstance(cls, cst.ClassDef) and len(analysis.bindings.get(cls.name.value, ())) == 1
            and only_chooses_loop_class(cls, analysis, (module_scope,)) and left_alone(cls.name.value, nodes))


def _docstring(line) -> bool:
    return (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and isinstance(line.body[0], cst.Expr)
            and isinstance(line.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))
