"""What other modules of the project may do to the thread's current event loop, from the driver's project
facts (FileFacts.importedEffects and otherTestsUseLoop, found by src/loop-effects.ts): the reasons an
entry-point rewrite of this file would change what they see (docs/SEMANTICS.md, "Other modules of the
project"). An imported project module that reads or sets the current loop outside a coroutine may run at
import time (before the entry point's loop exists), after the run, or in an atexit hook; one that makes
asyncio primitives outside a coroutine binds them, before 3.10, to the loop current when they are made;
one that uses context variables sees how runs share contexts. Without facts (stdin) nothing is known.
"""
from typing import Optional


def imported_hazard(ctx, context_vars: bool = False) -> Optional[str]:
    """Why code of another project module, imported by this file, may see another loop after an entry
    rewrite (or None)."""
    effects = (ctx.project or {}).get("importedEffects") or {}
    if not isinstance(effects, dict):
        return None
    if effects.get("loop"):
        return ("project module %s, imported here, reads or sets the current event loop outside a coroutine "
                "(at import, after the run or at exit it would see another loop)" % effects["loop"])
    if ctx.target < (3, 10) and effects.get("primitives"):
        return ("project module %s, imported here, makes asyncio primitives outside a coroutine: before 3.10 "
                "they are bound to the loop current when they are made" % effects["primitives"])
    if context_vars and effects.get("contextVars"):
        return "project module %s, imported here, uses context variables" % effects["contextVars"]
    return None


def other_tests_hazard(ctx) -> Optional[str]:
    """Why a loop per test in this test module may break another test module of the project (or None)."""
    other = (ctx.project or {}).get("otherTestsUseLoop")
    if not isinstance(other, str):
        return None
    return ("test module %s also reads or sets the current event loop outside a coroutine: after a test "
            "here, no loop is current for it" % other)
