"""What the analysis records: frames (where code executes), sites (the names transforms watch),
bindings, and what a name resolves to (docs/SEMANTICS.md P10)."""
from typing import Optional, Tuple, Union

import libcst as cst

from .asyncio_api import REEXPORTING_SUBMODULES


class Ambiguous:
    def __init__(self, name: str, qualnames=frozenset()):
        self.name = name
        self.qualnames = frozenset(qualnames)  # None stands for a local, non-import binding

    @property
    def mixes_asyncio_with_other(self) -> bool:
        """True when asyncio's name is shadowed by something else (not merely two asyncio names)."""
        ours = [q for q in self.qualnames if q and q.split(".")[0] == "asyncio"]
        return bool(ours) and len(ours) < len(self.qualnames)

    def __repr__(self):
        return "Ambiguous(%r)" % self.name


Resolution = Union[None, str, Ambiguous]


class Frame:
    """Where code executes: module, def, async (def), lambda, class (body) or genexp."""
    __slots__ = ("kind", "node", "parent")

    def __init__(self, kind: str, node: cst.CSTNode, parent: Optional["Frame"]):
        self.kind, self.node, self.parent = kind, node, parent

    def scopes(self) -> Tuple[cst.CSTNode, ...]:
        chain, frame = [], self
        while frame is not None:
            if frame.kind != "genexp":  # comprehension scopes are folded into their parent: conservative
                chain.append(frame.node)
            frame = frame.parent
        return tuple(chain)


class Site:
    """A Name or Attribute whose last component is one of the interesting names."""
    __slots__ = ("expr", "call", "frame", "extent", "async_extent", "terminal", "in_main_guard")

    def __init__(self, expr, call, frame, extent, async_extent, terminal, in_main_guard=False):
        self.expr = expr                  # the Name/Attribute node
        self.call = call                  # the Call whose func is expr, or None (a bare reference)
        self.frame = frame                # Frame the expression executes in
        self.extent = extent              # innermost def/lambda/class lexically containing it, or None
        self.async_extent = async_extent  # innermost async def lexically containing it, or None
        self.terminal = terminal
        self.in_main_guard = in_main_guard  # under a module-level `if __name__ == "__main__":`

    @property
    def in_coroutine_body(self) -> bool:
        """Directly in an async def's body: not in a nested def/lambda/class/genexp or a header."""
        return self.frame.kind == "async" and self.frame.node is self.extent


class Binding:
    __slots__ = ("scope", "qualname")

    def __init__(self, scope, qualname):
        self.scope, self.qualname = scope, qualname


def canonical(qualname: str) -> str:
    parts = qualname.split(".")
    if len(parts) == 3 and parts[0] == "asyncio" and parts[1] in REEXPORTING_SUBMODULES:
        return "asyncio." + parts[2]
    return qualname
