"""Checks loopshift_support.positions.start_positions against LibCST's PositionProvider.

Usage: positions_equivalence.py PATH... For every file, asks for the starts of all expressions,
statements and arguments at once, and of small subsets (which end the code generation early), and
compares each with PositionProvider's start. Prints a JSON summary; exits 1 on any difference.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python-helpers"))
sys.path.insert(0, HERE)

import libcst as cst  # noqa: E402
from libcst.metadata import MetadataWrapper, PositionProvider  # noqa: E402
from loopshift_support.positions import start_positions  # noqa: E402
from walk_equivalence import modules_in  # noqa: E402

KINDS = (cst.BaseExpression, cst.BaseStatement, cst.BaseSmallStatement, cst.Arg, cst.Param)


def main(paths):
    checked_files, checked_nodes, mismatches = 0, 0, []
    for path, module in modules_in(paths):
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        expected = {id(node): (pos.start.line, pos.start.column)
                    for node, pos in wrapper.resolve(PositionProvider).items() if isinstance(node, KINDS)}
        nodes = [node for node in _nodes(module) if id(node) in expected]
        if not nodes:
            continue
        checked_files += 1
        step = max(1, len(nodes) // 7)
        for subset in [nodes] + [nodes[i:i + 3] for i in range(0, len(nodes), step)]:
            found = start_positions(module, subset)
            for node in subset:
                checked_nodes += 1
                if found.get(id(node)) != expected[id(node)]:
                    mismatches.append("%s: %s at %s, expected %s" % (path, type(node).__name__,
                                                                    found.get(id(node)), expected[id(node)]))
    print(json.dumps({"files": checked_files, "nodes": checked_nodes, "mismatches": mismatches[:20]}))
    return 1 if mismatches or not checked_nodes else 0


def _nodes(module):
    collected = []

    class Collect(cst.CSTVisitor):
        def on_visit(self, node):
            collected.append(node)
            return True

    module.visit(Collect())
    return collected


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
