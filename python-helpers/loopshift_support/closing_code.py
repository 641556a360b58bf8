"""Code that also runs when a coroutine is closed (docs/SEMANTICS.md P1, "Closing code").

A task still pending when its loop is closed is destroyed later (at garbage collection, or at exit): its
coroutine is closed by throwing GeneratorExit in at the await where it waits, with no loop running
(genobject.c gen_close: each coroutine of the awaiting chain, innermost first). What runs then:
- the `finally:` blocks of each coroutine of the chain, and its handlers that catch GeneratorExit (a bare
  `except:`, `except BaseException`, `except GeneratorExit`, a computed class);
- the `__aexit__` of every `async with` the chain waits in (awaited with GeneratorExit);
- every coroutine those await (`await close_conn()`, `await self._pool.release(c)`; `async with` and
  `async for` run `__aenter__`, `__anext__` and the callee too): awaiting runs its body up to its first
  suspension, here with no loop; and so on, transitively. contextlib.aclosing's __aexit__ awaits
  `x.aclose()`; an AsyncExitStack's __aexit__ runs what was handed to it (`push_async_callback(f)`,
  `push_async_exit(f)`, `enter_async_context(cm())`: f, and cm's body), wherever that was handed over;
- whatever may run after a statement that may swallow that GeneratorExit and carry on (a `try:` with such a
  handler that may complete normally, a `contextlib.suppress(...)` of it): the rest of that coroutine's body,
  and every `for`/`while` loop around the statement (its next iteration).
There `get_event_loop()` returns the thread's current loop (maybe a closed one), while get_running_loop()
raises, and the error is swallowed with the rest of that cleanup. So none of it is "under a running loop"
for get_running_loop (P1) or for the callers of a sync helper (P2a).

Coroutines are matched by their terminal name, conservatively: `await x.close()` in closing code makes every
`def close` of the file closing code, and so does `close = aclose` (a class-body or module-level alias) for every
`def aclose`. Names awaited from closing code of other project modules come from the
driver (FileFacts.closingAwaited, src/closing-awaits.ts); without project facts (stdin) only this file's are
known.
"""
from typing import Dict, Optional

import libcst as cst

_CLOSING = frozenset({"BaseException", "GeneratorExit"})
# Lowercase exception classes (socket, select): named like a class by convention, as CapWords names are.
_LOWER_CLASSES = frozenset({"error", "timeout", "herror", "gaierror"})
_FLOW_ENDS = (cst.Raise, cst.Return)
AEXIT = "__aexit__"
# AsyncExitStack methods whose argument its __aexit__ runs (or, for enter_async_context, whose __aexit__ it awaits).
_EXIT_STACK = frozenset({"push_async_callback", "push_async_exit", "enter_async_context"})
_AEXIT_WHY = ("__aexit__() runs when a coroutine waiting in its `async with` block is closed (a pending task "
              "destroyed after its loop closed)")


def runs_when_closed(parent: Dict[int, Optional[cst.CSTNode]], node: cst.CSTNode, coroutine: cst.CSTNode) -> bool:
    """Is `node` in a `finally:` or a GeneratorExit-catching handler of `coroutine`'s own body? `parent`:
    a TreeIndex's map of id(node) to its parent."""
    return _region(parent, node, coroutine, frozenset()) is not None


def _region(parent, node, coroutine, assigned) -> Optional[str]:
    """What closing region of `coroutine`'s body holds `node` ("a finally: block", ...), or None."""
    current = parent.get(id(node))
    while current is not None and current is not coroutine:
        if isinstance(current, cst.Finally):
            return "a finally: block"
        if isinstance(current, (cst.ExceptHandler, cst.ExceptStarHandler)) and catches_closing(current.type, assigned):
            return "a handler that catches GeneratorExit"
        current = parent.get(id(current))
    return None


def _class_like(name: str) -> bool:
    return name[:1].isupper() and any(c.islower() for c in name)


def catches_closing(kind: Optional[cst.BaseExpression], assigned=frozenset()) -> bool:
    """May `except kind:` (or `suppress(kind)`) catch GeneratorExit? Only BaseException, GeneratorExit or a tuple
    holding one do. A name or attribute named like a class (`ValueError`, `aiohttp.ClientError`, `socket.error`)
    is taken for one, unless `assigned` (names this file assigns) has it (`Base = BaseException`); any other
    (`RETRYABLE`, `self.errors`, a call, a subscript) may hold a tuple with either."""
    if kind is None:
        return True  # a bare except
    if isinstance(kind, cst.Tuple):
        return any(catches_closing(element.value, assigned) for element in kind.elements)
    if isinstance(kind, cst.Name):
        return kind.value in _CLOSING or kind.value in assigned or not _class_like(kind.value)
    if isinstance(kind, cst.Attribute):
        name = kind.attr.value
        return name in _CLOSING or not (_class_like(name) or name in _LOWER_CLASSES)
    return True  # a computed class: it may be either


def _completes(body: cst.BaseSuite) -> bool:
    """May this handler's block complete normally? Only a last statement `raise` or `return` says no."""
    last = body.body[-1] if body.body else None
    if isinstance(last, cst.SimpleStatementLine):
        last = last.body[-1]
    return not isinstance(last, _FLOW_ENDS)


def _leaves_finally(block: cst.BaseSuite) -> bool:
    """A break, continue or return in a finally block (not in a def, lambda or class there): leaving the block so
    drops the exception being raised, a GeneratorExit too. One in a loop inside the block counts, on the safe side."""
    stack = [block]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Break, cst.Continue, cst.Return)):
            return True
        if not isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            stack.extend(node.children)
    return False


def _swallows(node: cst.CSTNode, parent, assigned) -> Optional[cst.CSTNode]:
    """The statement after which execution may carry on once `node` has swallowed a GeneratorExit: `node` itself
    for a `try:` with a handler that may catch it and complete normally, or a finally that breaks, continues or
    returns; the `with` statement for a
    `suppress(...)` of it among its items, or the call itself elsewhere (`cm = suppress(BaseException)`)."""
    if isinstance(node, (cst.Try, cst.TryStar)):
        if any(catches_closing(h.type, assigned) and _completes(h.body) for h in node.handlers):
            return node
        if node.finalbody is not None and _leaves_finally(node.finalbody.body):
            return node  # `finally: break` drops the exception in flight (probe round 15, B w7)
        return None
    if (isinstance(node, cst.Call) and callee_name(node) == "suppress"
            and any(arg.star or catches_closing(arg.value, assigned) for arg in node.args)):
        item = parent.get(id(node))
        if isinstance(item, cst.WithItem) and item.item is node:
            return parent.get(id(item))
        return node
    return None


def callee_name(expr: Optional[cst.BaseExpression]) -> Optional[str]:
    """The terminal name of a call `f(...)`, `x.f(...)`, `self.a.f(...)`; None for anything else."""
    if not isinstance(expr, cst.Call):
        return None
    func = expr.func
    if isinstance(func, cst.Name):
        return func.value
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return None


def _awaited(node: cst.CSTNode):
    """The names whose bodies run when `node` runs, if it is an await of a call, a `yield from` one (a
    generator-based coroutine), an `async with` (its __aenter__ and __aexit__, and each item's callee) or an
    `async for` (__anext__, and the iterable's callee)."""
    if isinstance(node, (cst.Await, cst.From)):
        name = callee_name(node.expression if isinstance(node, cst.Await) else node.item)
        return (name,) if name else ()
    if isinstance(node, cst.With) and node.asynchronous is not None:
        return ("__aenter__", AEXIT) + tuple(n for n in (callee_name(item.item) for item in node.items) if n)
    if isinstance(node, cst.For) and node.asynchronous is not None:
        name = callee_name(node.iter)
        return ("__anext__",) + ((name,) if name else ())
    return ()


def handed_to_exit_stack(node: cst.CSTNode) -> Optional[str]:
    """The name an AsyncExitStack runs from its __aexit__ when `node` is `stack.push_async_callback(f, ...)` or
    `stack.push_async_exit(f)` (f's terminal name: `obj._release` -> `_release`), or `enter_async_context(cm(...))`
    (the callee's: an @asynccontextmanager's code after its yield runs there); else None."""
    if not isinstance(node, cst.Call) or callee_name(node) not in _EXIT_STACK or not node.args or node.args[0].star:
        return None
    handed = node.args[0].value
    if callee_name(node) == "enter_async_context":
        return callee_name(handed)
    if isinstance(handed, cst.Name):
        return handed.value
    if isinstance(handed, cst.Attribute):
        return handed.attr.value
    return None


def _returned_to_async_with(node: cst.CSTNode, parent):
    """`return self.release()` directly in a plain `def __aexit__`: `async with` awaits what it returns, so the
    coroutine so named runs as __aexit__ itself would (probe: its line was lost at exit after a rewrite)."""
    if not isinstance(node, cst.Return):
        return ()
    function = _function_of(parent, node)
    if function is None or function.asynchronous is not None or function.name.value != AEXIT:
        return ()
    name = callee_name(node.value)
    return (name,) if name else ()


def _function_of(parent, node) -> Optional[cst.FunctionDef]:
    current = parent.get(id(node))
    while current is not None and not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        current = parent.get(id(current))
    return current if isinstance(current, cst.FunctionDef) else None


def _assigned(tree) -> frozenset:
    """The names the file assigns (`Base = BaseException`, `ERRORS = (...)`): not taken for a class by name."""
    names = set()
    for node in tree.nodes:
        if isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.NamedExpr)):
            target = node.target
            if isinstance(target, cst.Name):
                names.add(target.value)
    return frozenset(names)


def _aliases(module_body, tree) -> Dict[str, list]:
    """`close = aclose` (also `a = b = f`) in a class body or at module level: name -> the names it may be bound
    to, whose bodies run when it is called (await conn.close() runs aclose's)."""
    found: Dict[str, list] = {}
    bodies = [module_body] + [node.body.body for node in tree.nodes if isinstance(node, cst.ClassDef)
                              and isinstance(node.body, cst.IndentedBlock)]
    for body in bodies:
        for line in body:
            if not isinstance(line, cst.SimpleStatementLine):
                continue
            for small in line.body:
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Name):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            found.setdefault(target.target.value, []).append(small.value.value)
    return found


class ClosingCode:
    """The closing code of one module version. `tree`: its TreeIndex (FileContext.tree); `project`: the driver's facts
    (ctx.project), whose `closingAwaited` maps names awaited from other modules' closing code to a module."""

    def __init__(self, tree, project: Optional[dict]):
        self.parent = tree.parent
        self.tree = tree
        self.project = project
        self.assigned = _assigned(tree)
        self._swallowed: Dict[int, list] = {}  # id(function) -> [(after index, loop spans, what)] (see _after)
        self.why_name: Dict[str, str] = {AEXIT: _AEXIT_WHY}  # name -> why every def so named is closing code
        awaited_in: Dict[str, list] = {}  # function name -> [(callee name, the FunctionDef)]
        aclosing = False
        for node in tree.nodes:
            if type(node) is cst.Name and node.value == "aclosing":
                aclosing = True
            handed = handed_to_exit_stack(node)
            if handed is not None and handed not in self.why_name:
                self.why_name[handed] = ("%s() is handed to an AsyncExitStack, whose __aexit__ runs it, closing code"
                                         % handed)
            names = _awaited(node) or _returned_to_async_with(node, self.parent)
            if not names:
                continue
            function = _function_of(self.parent, node)
            if function is None:
                continue
            region = _region(self.parent, node, function, self.assigned)
            if region is None:
                region = self._after(node, function)
            for name in names:
                if region is not None and name not in self.why_name:
                    self.why_name[name] = "%s() is awaited from %s of %s()" % (name, region, function.name.value)
                awaited_in.setdefault(function.name.value, []).append(name)
        if aclosing and "aclose" not in self.why_name:
            self.why_name["aclose"] = "aclose() is awaited by contextlib.aclosing's __aexit__, closing code"
        elsewhere = (project or {}).get("closingAwaited")
        if isinstance(elsewhere, dict):
            for name, where in sorted(elsewhere.items()):
                self.why_name.setdefault(name, "%s() is awaited from closing code of module %s (a finally:, a handler "
                                               "that catches GeneratorExit, an __aexit__, or a coroutine they await)"
                                         % (name, where))
        aliases = _aliases(tree.nodes[0].body, tree) if isinstance(tree.nodes[0], cst.Module) else {}
        root = dict(self.why_name)  # name -> the closing code the chain that reaches it starts from
        queue = sorted(self.why_name)
        while queue:  # what a closing coroutine awaits is closing code too, and what its name is bound to
            caller = queue.pop(0)
            for name in aliases.get(caller, ()):
                if name not in self.why_name:
                    self.why_name[name] = "%s() is bound to the name %s, and %s" % (name, caller, root[caller])
                    root[name] = root[caller]
                    queue.append(name)
            for name in awaited_in.get(caller, ()):
                if name not in self.why_name:
                    self.why_name[name] = "%s() is awaited from %s(), and %s" % (name, caller, root[caller])
                    root[name] = root[caller]
                    queue.append(name)

    def _after(self, node: cst.CSTNode, function: cst.CSTNode) -> Optional[str]:
        """Whether `node`, in `function`'s own body, may run after a statement there swallowed the GeneratorExit
        of closing it: after that statement, or anywhere in a `for`/`while` loop around it (the next iteration)."""
        found = self._swallowed.get(id(function))
        if found is None:
            found = self._swallowed[id(function)] = self._swallowing(function)
        if not found:
            return None
        at = self.tree.span[id(node)][0]
        for after, loops, what in found:
            if at >= after or any(start <= at < end for start, end in loops):
                return "code that may run after %s, where closing the coroutine may not end it" % what
        return None

    def _swallowing(self, function: cst.CSTNode) -> list:
        span, nodes, parent = self.tree.span, self.tree.nodes, self.parent
        start, end = span[id(function)]
        found = []
        for node in nodes[start + 1:end]:
            if not isinstance(node, (cst.Try, cst.TryStar, cst.Call)):
                continue
            statement = _swallows(node, parent, self.assigned)
            if statement is None or _function_of(parent, node) is not function:
                continue
            loops = []
            current = parent.get(id(statement))
            while current is not None and current is not function:
                if isinstance(current, (cst.For, cst.While)):
                    loops.append(span[id(current)])
                current = parent.get(id(current))
            what = ("a try: with a handler that may catch GeneratorExit and complete normally, or a finally that "
                    "leaves by break, continue or return" if statement is node
                    and not isinstance(node, cst.Call) else "a suppress() that may hold GeneratorExit")
            found.append((span[id(statement)][1], loops, what))
        return found

    def why(self, node: cst.CSTNode, coroutine: cst.CSTNode) -> Optional[str]:
        """Why `node`, in `coroutine`'s own body, may run when a coroutine is closed with no loop running; None
        when it runs only while its coroutine is driven by a loop."""
        region = _region(self.parent, node, coroutine, self.assigned)
        if region is not None:
            return "in %s, which also runs when the coroutine is closed" % region
        if isinstance(coroutine, cst.FunctionDef):
            after = self._after(node, coroutine)
            if after is not None:
                return "in %s" % after
            return self.why_name.get(coroutine.name.value)
        return None
