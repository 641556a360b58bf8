"""Loads transforms: one module per file, each declaring what it is and a transform() function."""
import importlib.util
import os
import re
from typing import Callable, Dict, List, Sequence, Tuple

REQUIRED = ("NAME", "DESCRIPTION", "TRIGGERS", "MIN_TARGET", "ORDER", "transform")


class Transform:
    def __init__(self, module):
        missing = [attr for attr in REQUIRED if not hasattr(module, attr)]
        if missing:
            raise ValueError("%s lacks %s" % (module.__file__, ", ".join(missing)))
        self.name: str = module.NAME
        self.description: str = module.DESCRIPTION
        self.triggers: Tuple[str, ...] = tuple(module.TRIGGERS)
        # Regular expressions (the subset JavaScript and Python share) for words too common alone.
        self.trigger_patterns: Tuple[str, ...] = tuple(getattr(module, "TRIGGER_PATTERNS", ()))
        self._compiled = [re.compile(pattern) for pattern in self.trigger_patterns]
        # A file must also contain one of these words (if any): e.g. "asyncio", without which no name
        # can resolve to asyncio's, so that a common trigger like `run(` alone does not make a candidate.
        self.requires: Tuple[str, ...] = tuple(getattr(module, "REQUIRES", ()))
        self.min_target: Tuple[int, int] = tuple(module.MIN_TARGET)
        self.order: int = module.ORDER
        self.codes: Dict[str, Tuple[str, str]] = dict(getattr(module, "CODES", {}))
        # The names whose sites the transform asks ctx.analysis() for, so one visit serves all.
        self.site_names = frozenset(getattr(module, "SITE_NAMES", ()))
        self.run: Callable = module.transform

    def triggered_by(self, source: str) -> bool:
        if self.requires and not any(word in source for word in self.requires):
            return False
        return any(word in source for word in self.triggers) or any(p.search(source) for p in self._compiled)

    def describe(self):
        return {
            "name": self.name,
            "description": self.description,
            "triggers": list(self.triggers),
            "triggerPatterns": list(self.trigger_patterns),
            "requires": list(self.requires),
            "minTarget": "%d.%d" % self.min_target,
            "order": self.order,
            "codes": [{"code": code, "summary": summary, "explanation": explanation}
                      for code, (summary, explanation) in sorted(self.codes.items())],
        }


def load_transforms(directories: Sequence[str]) -> List[Transform]:
    found: Dict[str, Transform] = {}
    for directory in directories:
        for filename in sorted(os.listdir(directory)):
            if not filename.endswith(".py") or filename.startswith("_"):
                continue
            path = os.path.join(directory, filename)
            spec = importlib.util.spec_from_file_location("loopshift_transform_" + filename[:-3], path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            transform = Transform(module)
            if transform.name in found:
                raise ValueError("two transforms are named %r" % transform.name)
            found[transform.name] = transform
    return sorted(found.values(), key=lambda t: (t.order, t.name))
