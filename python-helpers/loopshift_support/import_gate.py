"""Whether a file imports a module, told without LibCST: the gate of RESOLVES_THROUGH (docs/TRANSFORMS.md).

Names resolve by meaning only through the file's own import statements (docs/SEMANTICS.md P10): without an
`import asyncio...` or `from asyncio... import ...` somewhere in the file, no name in it means asyncio's. A
transform whose every site is such a name has nothing to do in a file that imports none of its modules, and
when no transform has, the LibCST parse (most of the helper's time) is skipped. Trigger words alone do not
tell: asyncio's own package, which says `get_event_loop` everywhere, imports itself only relatively.

The answer must never be "no" for a file that does import one: a quick look at the lines says "yes" early,
and only a file with no such line is checked exactly with `ast` (continuation lines, `;`); a text `ast`
cannot parse counts as importing everything, so LibCST parses it and reports what is wrong.
"""
import ast
import functools
import re
from typing import FrozenSet, Optional, Tuple

# Statement lists that can hold an import, at any depth (function and class bodies included).
_BODIES = ("body", "orelse", "finalbody", "handlers", "cases")


def imported_roots(source: str) -> Optional[FrozenSet[str]]:
    """The first names of the modules the file imports absolutely, anywhere; None when `ast` cannot parse it."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    found = set()
    pending = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if not node.level and node.module:
                found.add(node.module.split(".")[0])
        for field in _BODIES:
            pending.extend(getattr(node, field, ()))
    return frozenset(found)


@functools.lru_cache(maxsize=None)
def _quick(modules: Tuple[str, ...]) -> "re.Pattern":
    names = "|".join(re.escape(module) for module in sorted(modules))
    # A line that starts an import naming one of them: enough to say yes (in a string too: only cost).
    return re.compile(r"^[ \t]*(?:from[ \t]+(?:%s)\b|import[ \t][^\n]*\b(?:%s)\b)" % (names, names), re.M)


class ImportGate:
    """Per request: answers for each text version, parsing it with `ast` at most once."""

    def __init__(self):
        self._text: Optional[str] = None  # held, so that its id is not reused while cached
        self._roots: Optional[FrozenSet[str]] = None
        self._parsed = False

    def imports_any(self, text: str, modules: Tuple[str, ...]) -> bool:
        if _quick(modules).search(text):
            return True
        if text is not self._text:
            self._text, self._parsed = text, False
        if not self._parsed:
            self._roots, self._parsed = imported_roots(text), True
        return self._roots is None or not self._roots.isdisjoint(modules)
