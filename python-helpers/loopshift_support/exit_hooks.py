"""Code that may run at interpreter exit and see the loop a rewrite closed (docs/SEMANTICS.md P3a
condition 6, P11): atexit hooks and finalizers (a `__del__` method, `weakref.finalize`), and logging
handlers (logging's own atexit hook, logging.shutdown, calls every Handler's flush() and close(), and a
StreamHandler's flush() calls its stream's). The old code left the loop open; asyncio.run(), Runner and an
added `close()` close it, which `loop.is_closed()` or a cleanup scheduled on the loop there would see.
Such code in this file, or in a project module it imports, directly or not (the driver's fact
importedEffects.exitHooks, src/loop-effects.ts), makes the rewrite decline."""
import re
from typing import Optional

import libcst as cst

from .closing_code import catches_closing
from .project_effects import imported_exit_hooks
from .sync_callers import is_generator

# Defined, or bound otherwise (`__del__ = _release` in a class body: probe round 9, b18).
# Code run at exit or on an uncaught error by other means (probe round 13, E W7, W8).
_OTHER_EXIT_HOOKS = re.compile(r"\bexcepthook\b|\bFinalize\s*\(|\b_register_atexit\b")
_DEL_METHOD = re.compile(r"\bdef\s+__del__\s*\(|\b__del__\s*=(?!=)")
# A class whose bases name a logging handler (`logging.Handler`, `StreamHandler`, a project base so named).
_HANDLER_CLASS = re.compile(r"\bclass\s+\w+\s*\([^)]*Handler\b")
_FLUSH_METHOD = re.compile(r"\bdef\s+flush\s*\(")


def exit_hook(ctx, imported_modules, text: str, tree=None) -> Optional[str]:
    """Why code of this file, or of a project module it imports, may run at exit with the loop in hand, or None.
    `tree`, the file's TreeIndex: also a generator of this file with cleanup code (probe round 8, W04)."""
    if "atexit" in imported_modules:
        return "the file imports atexit"
    if _OTHER_EXIT_HOOKS.search(text):
        return ("an exit hook other than atexit's (sys.excepthook, multiprocessing's Finalize, threading's "
                "_register_atexit) may run at exit and see the loop closed")
    if "weakref" in imported_modules or _DEL_METHOD.search(text):
        return "a finalizer (__del__ or weakref.finalize) may run at exit and see the loop closed"
    if _HANDLER_CLASS.search(text) or ("logging" in imported_modules and _FLUSH_METHOD.search(text)):
        return ("a logging handler class (or a flush() a handler may call) of this file runs at exit, from "
                "logging's own atexit hook, and may see the loop closed")
    if tree is not None:
        for node in tree.nodes:
            if type(node) is cst.FunctionDef and _finalised_generator(node):
                return ("generator %s() has cleanup code (a finally or with block); one left suspended is finalised "
                        "at exit and may see the loop closed" % node.name.value)
    return imported_exit_hooks(ctx)


def _finalised_generator(function: cst.FunctionDef) -> bool:
    """A sync generator function whose own body has a `finally`, a `with`, or a handler that may catch
    GeneratorExit (its cleanup runs when a suspended generator is collected, at exit if it is kept till then:
    probe round 9, b19). Decorated ones (`@contextmanager`) are run to their end by their with statement."""
    if function.asynchronous is not None or function.decorators or not is_generator(function):
        return False
    stack = [function.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.With, cst.Try, getattr(cst, "TryStar", cst.Try))) \
                and (isinstance(node, cst.With) or node.finalbody is not None):
            return True
        if isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler)) and catches_closing(node.type):
            return True  # a bare `except:`, BaseException, GeneratorExit, or a class that may be either
        stack.extend(child for child in node.children if not isinstance(child, (cst.FunctionDef, cst.Lambda, cst.ClassDef)))
    return False
