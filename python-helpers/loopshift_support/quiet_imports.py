"""Project modules whose code cannot touch an event loop (docs/SEMANTICS.md P3b, "Project code").

A call of a name imported from outside the standard library counts as code loopshift cannot see: it may set,
make or run a loop before an entry point takes one (`LS301`, P3a condition 3). A project module is not outside:
the driver's facts (`importReach`, src/project-model.ts) list, for each project module this file imports, every
module from outside the project that its code, or project code it imports in turn, imports, and '*' when any of
that code takes, sets, makes or runs a loop, makes futures or primitives outside a coroutine, or steps
coroutines (src/loop-effects.ts). When the rest are asyncio and loop-free parts of the standard library
(asyncio_api.LOOP_FREE_STDLIB: no library), calling it changes no loop and binds nothing to one: the name is
not counted as foreign.
"""
from typing import Optional

import libcst as cst

from .analysis import dotted_parts
from .asyncio_api import LOOP_FREE_STDLIB

# asyncio itself only where the project code does nothing with it outside coroutines (the driver's check).
_QUIET = LOOP_FREE_STDLIB | {"asyncio"}


class QuietImports:
    def __init__(self, project: Optional[dict]):
        project = project or {}
        reach = project.get("importReach")
        self.reach = reach if isinstance(reach, dict) else {}
        module = project.get("module")
        self.module = module if isinstance(module, str) else None
        self.package_init = project.get("isPackageInit") is True

    def quiet(self, module: Optional[str]) -> bool:
        """The project module of that dotted name reaches only asyncio and loop-free standard library modules
        (the driver puts '*' there when any of that code acts on a loop outside a coroutine)."""
        names = self.reach.get(module) if module else None
        return isinstance(names, list) and all(isinstance(n, str) and n in _QUIET for n in names)

    def from_import(self, node: cst.ImportFrom, name: cst.BaseExpression) -> bool:
        """`from <module> import <name>` takes the name from a quiet project module (and, when the name is a
        submodule of it that the project has, that submodule is quiet too)."""
        module = self.absolute(node)
        if module is None or not self.quiet(module) or not isinstance(name, cst.Name):
            return False
        submodule = module + "." + name.value
        return submodule not in self.reach or self.quiet(submodule)

    def absolute(self, node: cst.ImportFrom) -> Optional[str]:
        """The dotted name the import statement names, relative ones resolved against this module's."""
        parts = dotted_parts(node.module) if node.module is not None else []
        if parts is None:
            return None
        level = len(node.relative)
        if not level:
            return ".".join(parts) or None
        if self.module is None:
            return None
        base = self.module.split(".")
        base = base if self.package_init else base[:-1]
        if level - 1 > len(base) or (level > 1 and not base[:len(base) - (level - 1)]):
            return None
        base = base[:len(base) - (level - 1)]
        return ".".join(base + parts) or None
