"""Which code runs in another thread, and which loops handed to it are the caller's running loop
(docs/SEMANTICS.md P13, P14), for loop_diagnostics and get_running_loop through loop_patterns.Facts.

Thread starts are `Thread(target=f, args=...)`, `asyncio.to_thread(f, ...)`,
`loop.run_in_executor(x, f, ...)` and the `run` method of a Thread subclass. Everything here only
reads the tree; names are resolved through FileAnalysis, never by spelling.
"""
from typing import List, Optional

import libcst as cst

from .analysis import thread_callee
from .asyncio_api import LOOP_GETTERS, NOT_THREADSAFE_METHODS
from .loop_variable import assigned_name
from .syntax import positional_params

NOT_THREADSAFE = NOT_THREADSAFE_METHODS
SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def home(frame):
    """The frame a generator expression's code belongs to (conservatively: where it is written)."""
    while frame.kind == "genexp":
        frame = frame.parent
    return frame


def inside(site, ids) -> bool:
    """The site executes in (or is nested in) one of the defs/lambdas/classes whose ids are given."""
    frame = site.frame
    while frame is not None:
        if id(frame.node) in ids:
            return True
        frame = frame.parent
    return False


def self_name(frame) -> Optional[str]:
    """The first parameter of a plain method (the frame is a def directly in a class body)."""
    node = frame.node
    if frame.kind not in ("def", "async") or frame.parent is None or frame.parent.kind != "class":
        return None
    if any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in node.decorators):
        return None
    params = positional_params(node.params)
    return params[0].name.value if params else None


def methods(cls: cst.ClassDef, names) -> List[cst.FunctionDef]:
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    return [s for s in body if isinstance(s, cst.FunctionDef) and s.name.value in names]


def describe(expr) -> str:
    return cst.Module(body=[]).code_for_node(expr)


class ThreadStart:
    """Thread(target=f, args=...), asyncio.to_thread(f, ...), loop.run_in_executor(x, f, ...), Thread.run.

    `function` is the def or lambda the target names (None if not found in this file); `offset` is the
    number of its parameters that precede the passed args (1 for a bound `self.method`)."""

    def __init__(self, site, target, args, function, offset):
        self.site, self.target, self.args, self.function, self.offset = site, target, args, function, offset


class ThreadFacts:
    """Mixed into loop_patterns.Facts, which supplies module, analysis, functions, of(), up() and
    loop_method_calls()."""

    def _thread_starts(self):
        for site in self.analysis.sites:
            what, call = self.of(site), site.call
            if what == "threading.Thread" and call is None:
                arg = self.up(site.expr)
                owner = self.up(arg) if isinstance(arg, cst.Arg) else None
                if isinstance(owner, cst.ClassDef) and any(b is arg for b in owner.bases):  # Thread subclass
                    for method in methods(owner, {"run"}):
                        yield ThreadStart(site, None, [], method, 1)
                continue
            if call is None:
                continue
            positional = [a.value for a in call.args if a.keyword is None and not a.star]
            keywords = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
            if what == "threading.Thread":  # Thread(group, target, name, args, kwargs)
                target = keywords.get("target", positional[1] if len(positional) > 1 else None)
                args = keywords.get("args", positional[3] if len(positional) > 3 else None)
                args = [e.value for e in args.elements] if isinstance(args, (cst.Tuple, cst.List)) else []
            elif what == "asyncio.to_thread":
                target, args = (positional[0] if positional else None), positional[1:]
            elif site.terminal == "run_in_executor" and isinstance(site.expr, cst.Attribute) and what is None:
                target, args = (positional[1] if len(positional) > 1 else None), positional[2:]
            else:
                continue
            if target is not None:
                target, leading = thread_callee(self.analysis, target, site.frame.scopes())
                if target is None:
                    continue
                function, offset = self._function_for(target, site)
                yield ThreadStart(site, target, leading + args, function, offset)

    def _function_for(self, expr, site):
        if isinstance(expr, cst.Lambda):
            return expr, 0
        frame = home(site.frame)
        if isinstance(expr, cst.Name):
            scopes = frame.scopes()
            visible = self.analysis.visible_bindings(expr.value, scopes)
            defs = [f for f in self.functions if f.name.value == expr.value and f.asynchronous is None
                    and any(self.scope_of(f) is b.scope for b in visible)]
            if len(visible) == 1 and visible[0].qualname is None and len(defs) == 1:
                return defs[0], 0
        elif (isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name)
              and expr.value.value == self_name(frame)):
            found = [m for m in methods(frame.parent.node, {expr.attr.value}) if m.asynchronous is None]
            if len(found) == 1:
                return found[0], 1
        return None, 0

    def scope_of(self, node) -> cst.CSTNode:
        """The def/class/lambda (or the module) whose body binds `node`'s name."""
        child, parent = node, self.up(node)
        while parent is not None and not (isinstance(parent, SCOPES) and parent.body is child):
            child, parent = parent, self.up(parent)
        return parent if parent is not None else self.module

    def running_loop(self, expr, site) -> bool:
        """`expr`, evaluated directly in a coroutine body, is that coroutine's running loop: a
        get_running_loop()/get_event_loop() call, or a local only ever assigned from one."""
        if not site.in_coroutine_body:
            return False
        if isinstance(expr, cst.Call):
            return not expr.args and self.analysis.resolve(expr.func, site.frame.scopes()) in LOOP_GETTERS
        if not isinstance(expr, cst.Name):
            return False
        scope = site.frame.node
        bindings = [b for b in self.analysis.bindings.get(expr.value, ()) if b.scope is scope]
        assigned = sum(1 for s in self.analysis.sites
                       if s.call is not None and not s.call.args and s.frame.node is scope and s.in_coroutine_body
                       and self.of(s) in LOOP_GETTERS and assigned_name(self.up, s.call) == expr.value)
        return assigned > 0 and assigned == len(bindings)

    def handoffs(self):
        """(node, loop name, method): a running loop driven from another thread by a non-thread-safe call."""
        for start in self.thread_starts:
            target = start.target
            if (isinstance(target, cst.Attribute) and target.attr.value in NOT_THREADSAFE
                    and self.running_loop(target.value, start.site)):
                yield target, describe(target.value), target.attr.value  # Thread(target=loop.run_forever)
                continue
            function = start.function
            if not isinstance(function, cst.FunctionDef):
                continue
            params = positional_params(function.params)
            for position, value in enumerate(start.args):
                index = position + start.offset
                if index >= len(params) or not self.running_loop(value, start.site):
                    continue
                name = params[index].name.value
                if len([b for b in self.analysis.bindings.get(name, ()) if b.scope is function]) != 1:
                    continue  # the parameter is rebound in the thread function
                for use in self.loop_method_calls(function, name, NOT_THREADSAFE):
                    yield use.call, name, use.terminal
