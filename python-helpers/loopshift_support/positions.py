"""Start positions of a few nodes, for a fraction of PositionProvider's cost.

PositionProvider records a range for every node while generating code (about twice the cost of
the parse). We generate the code once with a state that only checks, per node, whether it is one
we report, and counts lines lazily from the tokens emitted so far. The start is the same as
PositionProvider's syntactic start: the position recorded by `record_syntactic_position` when the
node records one (honouring `start_node`), else where the node's code begins.
"""
import re
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from typing import Dict, Iterable, Iterator, Optional, Set, Tuple

import libcst as cst
from libcst._nodes.internal import CodegenState

_NEWLINE = re.compile(r"\r\n?|\n")
_NOT_WATCHED = nullcontext()


@dataclass(frozen=False)
class _LocatingState(CodegenState):
    targets: Set[int] = field(default_factory=set)
    wanted: frozenset = frozenset()  # the nodes asked for (targets also gains their start nodes)
    found: Dict[int, Tuple[int, int]] = field(default_factory=dict)
    _begun: Dict[int, Tuple[int, int]] = field(default_factory=dict)
    _line: int = 1
    _column: int = 0
    _counted: int = 0  # tokens already folded into _line/_column

    def _here(self) -> Tuple[int, int]:
        tokens = self.tokens
        for index in range(self._counted, len(tokens)):
            token = tokens[index]
            if "\n" in token or "\r" in token:
                parts = _NEWLINE.split(token)
                self._line += len(parts) - 1
                self._column = len(parts[-1])
            else:
                self._column += len(token)
        self._counted = len(tokens)
        return self._line, self._column

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.targets:
            self._begun[id(node)] = self._here()

    def after_codegen(self, node: cst.CSTNode) -> None:
        key = id(node)
        if key in self._begun:
            self.found.setdefault(key, self._begun.pop(key))
            self._stop_when_done()

    def _stop_when_done(self) -> None:
        # The rest of the module cannot move a start already found: stop generating code.
        if self.wanted.issubset(self.found):
            raise _AllFound()

    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Optional[cst.CSTNode] = None,
                                  end_node: Optional[cst.CSTNode] = None):
        # Asked of most nodes: a shared do-nothing context for all but the few we look for.
        if id(node) not in self.targets:
            return _NOT_WATCHED
        return self._record(node, start_node)

    @contextmanager
    def _record(self, node: cst.CSTNode, start_node: Optional[cst.CSTNode]) -> Iterator[None]:
        key = id(node)
        if start_node is not None:
            self.targets.add(id(start_node))
        start = self._here()
        yield
        self.found[key] = self.found.get(id(start_node), start) if start_node is not None else start
        self._stop_when_done()


class _AllFound(Exception):
    pass


def start_positions(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> Dict[int, Tuple[int, int]]:
    """id(node) -> (1-based line, 0-based column) for nodes of `module`."""
    wanted = frozenset(id(node) for node in nodes)
    state = _LocatingState(default_indent=module.default_indent, default_newline=module.default_newline,
                           targets=set(wanted), wanted=wanted)
    try:
        module._codegen(state)
    except _AllFound:
        pass
    return state.found
