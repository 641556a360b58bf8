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
  `x.aclose()`.
There `get_event_loop()` returns the thread's current loop (maybe a closed one), while get_running_loop()
raises, and the error is swallowed with the rest of that cleanup. So none of it is "under a running loop"
for get_running_loop (P1) or for the callers of a sync helper (P2a).

Coroutines are matched by their terminal name, conservatively: `await x.close()` in closing code makes every
`def close` of the file closing code. Names awaited from closing code of other project modules come from the
driver (FileFacts.closingAwaited, src/closing-awaits.ts); without project facts (stdin) only this file's are
known.
"""
from typing import Dict, Optional

import libcst as cst

_CLOSING = frozenset({"BaseException", "GeneratorExit"})
AEXIT = "__aexit__"
_AEXIT_WHY = ("__aexit__() runs when a coroutine waiting in its `async with` block is closed (a pending task "
              "destroyed after its loop closed)")


def runs_when_closed(parent: Dict[int, Optional[cst.CSTNode]], node: cst.CSTNode, coroutine: cst.CSTNode) -> bool:
    """Is `node` in a `finally:` or a GeneratorExit-catching handler of `coroutine`'s own body? `parent`:
    a TreeIndex's map of id(node) to its parent."""
    return _region(parent, node, coroutine) is not None


def _region(parent, node, coroutine) -> Optional[str]:
    """What closing region of `coroutine`'s body holds `node` ("a finally: block", ...), or None."""
    current = parent.get(id(node))
    while current is not None and current is not coroutine:
        if isinstance(current, cst.Finally):
            return "a finally: block"
        if isinstance(current, (cst.ExceptHandler, cst.ExceptStarHandler)) and _catches_closing(current.type):
            return "a handler that catches GeneratorExit"
        current = parent.get(id(current))
    return None


def _catches_closing(kind: Optional[cst.BaseExpression]) -> bool:
    if kind is None:
        return True  # a bare except
    if isinstance(kind, cst.Tuple):
        return any(_catches_closing(element.value) for element in kind.elements)
    if isinstance(kind, cst.Name):
        return kind.value in _CLOSING
    if isinstance(kind, cst.Attribute):
        return kind.attr.value in _CLOSING
    return True  # a computed class: it may be either


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


def _function_of(parent, node) -> Optional[cst.FunctionDef]:
    current = parent.get(id(node))
    while current is not None and not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        current = parent.get(id(current))
    return current if isinstance(current, cst.FunctionDef) else None


class ClosingCode:
    """The closing code of one module version. `tree`: its TreeIndex (FileContext.tree); `project`: the driver's facts
    (ctx.project), whose `closingAwaited` maps names awaited from other modules' closing code to a module."""

    def __init__(self, tree, project: Optional[dict]):
        self.parent = tree.parent
        self.why_name: Dict[str, str] = {AEXIT: _AEXIT_WHY}  # name -> why every def so named is closing code
        awaited_in: Dict[str, list] = {}  # function name -> [(callee name, the FunctionDef)]
        aclosing = False
        for node in tree.nodes:
            if type(node) is cst.Name and node.value == "aclosing":
                aclosing = True
            names = _awaited(node)
            if not names:
                continue
            function = _function_of(self.parent, node)
            if function is None:
                continue
            region = _region(self.parent, node, function)
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
        root = dict(self.why_name)  # name -> the closing code the chain that reaches it starts from
        queue = sorted(self.why_name)
        while queue:  # what a closing coroutine awaits is closing code too
            caller = queue.pop(0)
            for name in awaited_in.get(caller, ()):
                if name not in self.why_name:
                    self.why_name[name] = "%s() is awaited from %s(), and %s" % (name, caller, root[caller])
                    root[name] = root[caller]
                    queue.append(name)

    def why(self, node: cst.CSTNode, coroutine: cst.CSTNode) -> Optional[str]:
        """Why `node`, in `coroutine`'s own body, may run when a coroutine is closed with no loop running; None
        when it runs only while its coroutine is driven by a loop."""
        region = _region(self.parent, node, coroutine)
        if region is not None:
            return "in %s, which also runs when the coroutine is closed" % region
        if isinstance(coroutine, cst.FunctionDef):
            return self.why_name.get(coroutine.name.value)
        return None
