"""Code that may run at interpreter exit and see the loop a rewrite closed (docs/SEMANTICS.md P3a
condition 6, P11): atexit hooks and finalizers (a `__del__` method, `weakref.finalize`). The old code
left the loop open; asyncio.run(), Runner and an added `close()` close it, which `loop.is_closed()` or
a cleanup scheduled on the loop there would see."""
import re
from typing import Optional

_DEL_METHOD = re.compile(r"\bdef\s+__del__\s*\(")


def exit_hook(imported_modules, text: str) -> Optional[str]:
    """Why code of this file may run at exit with the loop in hand, or None."""
    if "atexit" in imported_modules:
        return "the file imports atexit"
    if "weakref" in imported_modules or _DEL_METHOD.search(text):
        return "a finalizer (__del__ or weakref.finalize) may run at exit and see the loop closed"
    return None
