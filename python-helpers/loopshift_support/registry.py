"""Loads transforms: one module per file, each declaring what it is and a transform() function.

The contract (docs/TRANSFORMS.md) is checked when the helper starts, so a malformed transform is a
start-up error naming the file, never a silent gap or a wrong answer later.
"""
import importlib.util
import os
import re
from dataclasses import dataclass, field
from typing import Callable, Dict, FrozenSet, List, Optional, Sequence, Tuple

from .import_gate import ImportGate

REQUIRED = ("NAME", "DESCRIPTION", "TRIGGERS", "MIN_TARGET", "ORDER", "transform")
_CODE = re.compile(r"^LS\d{3}$")


class ContractError(ValueError):
    """A transform file breaks the contract of docs/TRANSFORMS.md."""


@dataclass(frozen=True)
class Code:
    code: str
    summary: str
    explanation: str


@dataclass
class Transform:
    """A loaded transform: its declarations, checked, and its transform() function."""
    name: str
    description: str
    triggers: Tuple[str, ...]
    min_target: Tuple[int, int]
    order: int
    run: Callable
    # Regular expressions (the subset JavaScript and Python share) for words too common alone.
    trigger_patterns: Tuple[str, ...] = ()
    # A file must also contain one of these words (if any): e.g. "asyncio", without which no name
    # can resolve to asyncio's, so that a common trigger like `run(` alone does not make a candidate.
    requires: Tuple[str, ...] = ()
    codes: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    # The names whose sites the transform asks ctx.analysis() for, so one visit serves all.
    site_names: FrozenSet[str] = frozenset()
    # Sites this transform leaves, unreported, to another one: {transform name: which sites}. Data,
    # so that the split is checked (the other transform exists) and visible in one place.
    leaves_to: Dict[str, str] = field(default_factory=dict)
    # Sites an earlier transform already owns (it rewrote or reported them before this one runs), so
    # this one does not report them again: {transform name: which sites}. The mirror of LEAVES_TO.
    defers_to: Dict[str, str] = field(default_factory=dict)
    # Unsafe proposals this transform makes (README "Safe and unsafe fixes"): {diagnostic code it answers:
    # what the proposed rewrite may change}. The code may be another transform's (LS801 is
    # loop_diagnostics'); the hello carries the text on that code (`unsafeFix`), for --explain.
    proposals: Dict[str, str] = field(default_factory=dict)
    # Filled by load_transforms: {own code: (proposing transform, explanation)}.
    fixes_offered: Dict[str, Tuple[str, str]] = field(default_factory=dict)
    # Every site is a name that resolves through an import of one of these modules (docs/SEMANTICS.md P10),
    # or matches one of SITES_BY_NAME: a file importing none of them (import_gate.py) needs no parse.
    resolves_through: Tuple[str, ...] = ()
    sites_by_name: Tuple[str, ...] = ()
    path: str = ""

    def __post_init__(self):
        self._compiled = [re.compile(pattern) for pattern in self.trigger_patterns]
        self._by_name = [re.compile(pattern) for pattern in self.sites_by_name]

    @classmethod
    def from_module(cls, module, expected_name: str = None) -> "Transform":
        where = getattr(module, "__file__", None) or repr(module)
        missing = [attr for attr in REQUIRED if not hasattr(module, attr)]
        if missing:
            raise ValueError("%s lacks %s" % (where, ", ".join(missing)))
        transform = cls(
            name=module.NAME, description=module.DESCRIPTION, triggers=tuple(module.TRIGGERS),
            min_target=tuple(module.MIN_TARGET), order=module.ORDER, run=module.transform,
            trigger_patterns=tuple(getattr(module, "TRIGGER_PATTERNS", ())),
            requires=tuple(getattr(module, "REQUIRES", ())), codes=dict(getattr(module, "CODES", {})),
            site_names=frozenset(getattr(module, "SITE_NAMES", ())),
            leaves_to=dict(getattr(module, "LEAVES_TO", {})),
            defers_to=dict(getattr(module, "DEFERS_TO", {})), proposals=dict(getattr(module, "PROPOSALS", {})),
            resolves_through=tuple(getattr(module, "RESOLVES_THROUGH", ())),
            sites_by_name=tuple(getattr(module, "SITES_BY_NAME", ())), path=where)
        transform.check(expected_name)
        return transform

    def check(self, expected_name: str = None) -> None:
        def fail(what):
            raise ContractError("%s: %s" % (self.path or self.name, what))

        if not isinstance(self.name, str) or not self.name:
            fail("NAME must be a non-empty string")
        if expected_name is not None and self.name != expected_name:
            fail("NAME %r differs from the file name %r" % (self.name, expected_name))
        target = self.min_target
        if not (len(target) == 2 and all(type(part) is int for part in target) and target[0] == 3):
            fail("MIN_TARGET must be a (3, n) tuple, not %r" % (target,))
        if type(self.order) is not int:
            fail("ORDER must be an integer")
        if not callable(self.run):
            fail("transform must be a function")
        for code, entry in self.codes.items():
            if not isinstance(code, str) or not _CODE.match(code):
                fail("code %r is not of the form LSnnn" % (code,))
            if not (isinstance(entry, tuple) and len(entry) == 2 and all(isinstance(t, str) and t.strip()
                                                                            for t in entry)):
                fail("%s needs a (summary, explanation) pair of non-empty strings" % code)
        for code, explanation in self.proposals.items():
            if not isinstance(code, str) or not _CODE.match(code):
                fail("PROPOSALS: code %r is not of the form LSnnn" % (code,))
            if not isinstance(explanation, str) or not explanation.strip():
                fail("PROPOSALS: %s needs an explanation: what the proposed rewrite may change" % code)
        if not all(isinstance(module, str) and module.isidentifier() for module in self.resolves_through):
            fail("RESOLVES_THROUGH must list top-level module names, not %r" % (self.resolves_through,))
        if self.sites_by_name and not self.resolves_through:
            fail("SITES_BY_NAME only widens RESOLVES_THROUGH, which is empty")
        for declaration, others in (("LEAVES_TO", self.leaves_to), ("DEFERS_TO", self.defers_to)):
            for other in others:
                if other == self.name:
                    fail("%s names the transform itself" % declaration)

    def triggered_by(self, source: str, gate: Optional[ImportGate] = None, related: str = "") -> bool:
        """Whether the transform may act on this text: a trigger word or pattern (the driver's prefilter
        checks the same), and, given the request's gate, an import its sites resolve through. A required word
        may also come from `related`, the text of the project modules the file's classes' bases are in
        (facts `baseModules`): `from tests.base import AsyncTestCase` needs no `import unittest`."""
        if self.requires and not any(word in source or word in related for word in self.requires):
            return False
        if not (any(word in source for word in self.triggers) or any(p.search(source) for p in self._compiled)):
            return False
        if gate is None or not self.resolves_through or any(p.search(source) for p in self._by_name):
            return True
        return gate.imports_any(source, self.resolves_through)

    def describe(self):
        """The hello message's entry, read by the driver: its format is part of the protocol."""
        return {
            "name": self.name,
            "description": self.description,
            "triggers": list(self.triggers),
            "triggerPatterns": list(self.trigger_patterns),
            "requires": list(self.requires),
            "minTarget": "%d.%d" % self.min_target,
            "order": self.order,
            "codes": [self._describe_code(code, summary, explanation)
                      for code, (summary, explanation) in sorted(self.codes.items())],
        }

    def _describe_code(self, code: str, summary: str, explanation: str) -> dict:
        entry = {"code": code, "summary": summary, "explanation": explanation}
        if code in self.fixes_offered:
            proposer, text = self.fixes_offered[code]
            entry["unsafeFix"] = {"transform": proposer, "explanation": text}
        return entry


def check_together(transforms: Sequence[Transform]) -> None:
    """Checks across transforms: no code declared twice; LEAVES_TO and DEFERS_TO naming a loaded transform
    on the right side of the order (a site left to another must reach it: the other runs later; a site
    deferred to another was already handled: the other ran earlier); PROPOSALS answering a code a loaded
    transform declares, one proposer per code (the hello carries each on its code)."""
    owner: Dict[str, str] = {}
    by_name = {t.name: t for t in transforms}
    names = set(by_name)
    for transform in transforms:
        for code in transform.codes:
            if code in owner:
                raise ContractError("code %s is declared by both %s and %s" % (code, owner[code], transform.name))
            owner[code] = transform.name
    for transform in transforms:
        where = transform.path or transform.name
        for declaration, others, later in (("LEAVES_TO", transform.leaves_to, True),
                                           ("DEFERS_TO", transform.defers_to, False)):
            for other in others:
                if other not in names:
                    raise ContractError("%s: %s names %r, which is not a loaded transform"
                                        % (where, declaration, other))
                theirs = by_name[other].order
                if (theirs <= transform.order) if later else (theirs >= transform.order):
                    raise ContractError(
                        "%s: %s names %r, which runs %s it (ORDER %d vs %d); %s" % (
                            where, declaration, other, "before" if later else "after", theirs, transform.order,
                            "a transform must run before the ones it leaves sites to" if later else
                            "a transform must run after the ones it defers sites to"))
        for code, explanation in transform.proposals.items():
            if code not in owner:
                raise ContractError("%s: PROPOSALS names %s, which no loaded transform declares" % (where, code))
            answered = by_name[owner[code]]
            if code in answered.fixes_offered and answered.fixes_offered[code][0] != transform.name:
                raise ContractError("%s: %s already has an unsafe fix, proposed by %s"
                                    % (where, code, answered.fixes_offered[code][0]))
            answered.fixes_offered[code] = (transform.name, explanation)


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
            transform = Transform.from_module(module, filename[:-3])
            if transform.name in found:
                raise ValueError("two transforms are named %r" % transform.name)
            found[transform.name] = transform
    transforms = sorted(found.values(), key=lambda t: (t.order, t.name))
    check_together(transforms)
    return transforms
