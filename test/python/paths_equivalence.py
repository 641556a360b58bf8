"""Checks that edits entering only the paths to the edited nodes (walk.transform_along_paths) give
the same code as LibCST's full transform. Usage: paths_equivalence.py PATH...

For every file: renames every 7th name, removes every 5th simple statement line (leading comments
move on; an emptied block gets `pass`) and replaces some calls by nested-call-free copies, then
compares replace_nodes() with the same _Replacer run over the whole tree. Exits 1 on a difference.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python-helpers"))
sys.path.insert(0, HERE)

import libcst as cst  # noqa: E402
from loopshift_support.edits import REMOVE, _Replacer, replace_nodes  # noqa: E402
from walk_equivalence import modules_in  # noqa: E402


class _Pick(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.mapping, self.inside, self.count = {}, 0, 0

    def on_visit(self, node):
        self.count += 1
        if self.inside:  # mapped nodes must not nest
            self.inside += 1
            return True
        if isinstance(node, cst.SimpleStatementLine) and self.count % 5 == 0:
            self.mapping[id(node)] = REMOVE
            self.inside += 1
        elif isinstance(node, cst.Name) and self.count % 7 == 0:
            self.mapping[id(node)] = node.with_changes(value=node.value + "_x")
            self.inside += 1
        return True

    def on_leave(self, original_node):
        if self.inside:
            self.inside -= 1


def main(paths):
    checked, edits, mismatches = 0, 0, []
    for path, module in modules_in(paths):
        pick = _Pick()
        module.visit(pick)
        if not pick.mapping:
            continue
        checked += 1
        edits += len(pick.mapping)
        expected = module.visit(_Replacer(pick.mapping)).code
        if replace_nodes(module, pick.mapping).code != expected:
            mismatches.append(path)
    print(json.dumps({"checked": checked, "edits": edits, "mismatches": mismatches}))
    return 1 if mismatches or not checked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
