"""The dotted names of the project modules this file's from-imports name (docs/SEMANTICS.md P3b, "Project code").

The driver's facts are keyed by module (`policyInstallers`, src/project-model.ts); a relative import is resolved
against this module's own name (`module`, `isPackageInit`), as Python does.

(An earlier rule here took calls into project modules that import only asyncio and loop-free standard library
for code that cannot touch a loop. Probe programs showed it unsound in a dozen ways: subclasses and aliases of
primitives, classes handed on as values, callbacks and registries, logging.config building handlers by name, a
project module shadowing a standard one. Such calls count as code loopshift cannot see again.)
"""
from typing import Optional

import libcst as cst

from .analysis import dotted_parts


class ProjectImports:
    def __init__(self, project: Optional[dict]):
        project = project or {}
        module = project.get("module")
        self.module = module if isinstance(module, str) else None
        self.package_init = project.get("isPackageInit") is True

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
