"""Line-level suppression comments (issue 13; README "Suppressing a site").

`# loopshift: ignore` silences everything on its statement; `# loopshift: ignore[LS801, LS6,
drop_loop_arg]` only those codes, code prefixes and transforms; `# noqa: LS801` is honoured for
loopshift's codes (a bare `# noqa` is another tool's, not ours). A comment covers the statement it
sits on: any line of a simple statement, or the first line (the header) of a compound one.

A diagnostic is suppressed when its code is covered. A rewrite is suppressed when the comment is
blanket, names the transform, or a prefix of all of the transform's codes: a single code only
silences that diagnostic. A suppressed site is neither rewritten nor reported; transforms ask
`ctx.allows(node)` before rewriting, and the request handler refuses a transform's pass that still
rewrote a covered statement.

Positions cost a code generation, so nothing here runs for a text without such a comment.
"""
import io
import re
import tokenize
from typing import Dict, FrozenSet, Optional

import libcst as cst

from .positions import start_positions

_COMMENT = re.compile(r"#\s*(?:loopshift:\s*ignore(?:\[([^\]]*)\])?|noqa:\s*([A-Za-z0-9_,\s]+))", re.IGNORECASE)
# A text without this has no suppression comment: the one cheap test, for the context too.
MAY_SUPPRESS = re.compile(r"loopshift:\s*ignore|noqa:[^\n]*LS", re.IGNORECASE)
BLANKET = "*"


def comments_in(text: str) -> Dict[int, FrozenSet[str]]:
    """1-based line -> selectors ({BLANKET} for a bare ignore), from real comments only (tokenize:
    the same words in a string are not a suppression)."""
    found: Dict[int, FrozenSet[str]] = {}
    if not MAY_SUPPRESS.search(text):
        return found
    try:
        comments = [(token.start[0], token.string) for token in tokenize.generate_tokens(io.StringIO(text).readline)
                    if token.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        comments = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if "#" in line]
    for number, comment in comments:
        selectors = set()
        for match in _COMMENT.finditer(comment):
            listed, noqa = match.group(1), match.group(2)
            if noqa is not None:
                selectors.update(s.upper() for s in re.split(r"[\s,]+", noqa) if s.upper().startswith("LS"))
            elif listed is None or not listed.strip():
                selectors.add(BLANKET)
            else:
                selectors.update(_normal(s) for s in listed.split(",") if s.strip())
        if selectors:
            found[number] = frozenset(selectors | found.get(number, frozenset()))
    return found


def _normal(selector: str) -> str:
    selector = selector.strip()
    return selector.upper() if re.fullmatch(r"(?i)ls\d*", selector) else selector


class SuppressionIndex:
    """For one module version: which statements a suppression comment covers, and with what."""

    def __init__(self, module: cst.Module, text: str, parent):
        self.comments = comments_in(text)
        self._parent = parent
        self._covered: Dict[int, FrozenSet[str]] = {}
        if not self.comments:
            return
        statements = [node for node in _statements(module)]
        starts = start_positions(module, statements)
        for statement in statements:
            first = starts[id(statement)][0]  # the statement's own first line, after its leading lines
            if isinstance(statement, cst.SimpleStatementLine):
                last = first + module.code_for_node(statement).count("\n") - _leading(statement) - 1
                lines = range(first, max(first, last) + 1)
            else:
                lines = range(first, first + 1)
            selectors = frozenset().union(*(self.comments.get(line, frozenset()) for line in lines))
            if selectors:
                self._covered[id(statement)] = selectors

    def selectors_for(self, node: cst.CSTNode) -> FrozenSet[str]:
        """What covers the innermost statement holding `node` (empty: nothing)."""
        if not self._covered:
            return frozenset()
        while node is not None and not isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            node = self._parent(node)
        return self._covered.get(id(node), frozenset()) if node is not None else frozenset()


def covers_code(selectors: FrozenSet[str], code: str, transform: str) -> bool:
    return bool(selectors) and (BLANKET in selectors or transform in selectors
                                or any(code.upper().startswith(s) for s in selectors if s.startswith("LS")))


def covers_rewrite(selectors: FrozenSet[str], transform: str, prefix: Optional[str]) -> bool:
    """Blanket, the transform's name, or a prefix of every code it has (`LS1` for get_running_loop)."""
    if not selectors:
        return False
    if BLANKET in selectors or transform in selectors:
        return True
    return prefix is not None and any(s.startswith("LS") and prefix.startswith(s) for s in selectors)


def code_prefix(codes) -> Optional[str]:
    """The longest prefix every code shares, e.g. "LS1" for LS101..LS104; None without codes."""
    codes = sorted(codes)
    if not codes:
        return None
    first, last = codes[0], codes[-1]
    size = 0
    while size < min(len(first), len(last)) and first[size] == last[size]:
        size += 1
    return first[:size]


def _statements(module: cst.Module):
    found = []

    class Collect(cst.CSTVisitor):
        def visit_SimpleStatementLine(self, node):
            found.append(node)

        def on_visit(self, node):
            if isinstance(node, cst.BaseCompoundStatement):
                found.append(node)
            return super().on_visit(node)

    module.visit(Collect())
    return found


def _leading(statement) -> int:
    """Lines of comments and blank lines a statement carries before its own first line."""
    return len(getattr(statement, "leading_lines", ()))

