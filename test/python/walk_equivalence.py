"""Checks that loopshift_support.walk visits exactly what LibCST's own visit does, in the same order.

Usage: walk_equivalence.py PATH... (files or folders of .py files). Prints a JSON summary; exits 1
on any difference. Three visitors: one that sees every node (no trivia skipped), one with a few
hooks including attribute hooks and a visit_X that returns False, and one that names a trivia class.
Also checks TreeIndex's parents, preorder and spans against the same visit.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python-helpers"))

import libcst as cst  # noqa: E402
from loopshift_support.walk import TRIVIA, TreeIndex, walk  # noqa: E402


class Every(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.events = []

    def on_visit(self, node):
        self.events.append(("visit", id(node)))
        return True

    def on_leave(self, original_node):
        self.events.append(("leave", id(original_node)))


class Few(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.events = []

    def visit_Name(self, node):
        self.events.append(("name", id(node)))

    def visit_If_body(self, node):
        self.events.append(("if-body", id(node)))

    def leave_If_body(self, node):
        self.events.append(("left-if-body", id(node)))

    def visit_FunctionDef(self, node):
        self.events.append(("def", id(node)))
        return not node.name.value.startswith("test_a")  # some subtrees are skipped

    def leave_FunctionDef(self, node):
        self.events.append(("left-def", id(node)))

    def visit_Call(self, node):
        self.events.append(("call", id(node)))


class Trivia(Few):
    def visit_Comma(self, node):
        self.events.append(("comma", id(node)))

    def visit_Comment(self, node):
        self.events.append(("comment", id(node)))


class Structure(cst.CSTVisitor):
    """Parents and preorder numbers of the nodes outside whitespace and punctuation, by LibCST's visit."""

    def __init__(self):
        super().__init__()
        self.stack, self.parent, self.span, self.order, self.trivia = [], {}, {}, [], 0

    def on_visit(self, node):
        if self.trivia or type(node) in TRIVIA:
            self.trivia += 1
            return True
        self.parent[id(node)] = self.stack[-1] if self.stack else None
        self.span[id(node)] = [len(self.order), None]
        self.order.append(id(node))
        self.stack.append(node)
        return True

    def on_leave(self, original_node):
        if self.trivia:
            self.trivia -= 1
            return
        self.stack.pop()
        self.span[id(original_node)][1] = len(self.order)


def same_structure(module) -> bool:
    theirs = Structure()
    module.visit(theirs)
    ours = TreeIndex(module)
    return ([id(node) for node in ours.nodes] == theirs.order
            and ours.parent == {key: parent for key, parent in theirs.parent.items()}
            and ours.span == {key: tuple(span) for key, span in theirs.span.items()})


def files_in(paths):
    for path in paths:
        if os.path.isdir(path):
            for folder, _, names in sorted(os.walk(path)):
                for name in sorted(names):
                    if name.endswith(".py"):
                        yield os.path.join(folder, name)
        else:
            yield path


def modules_in(paths):
    """(path, parsed module) for each .py file; unparsable or non-UTF-8 files are not what we check."""
    for path in files_in(paths):
        try:
            with open(path, encoding="utf-8") as handle:
                module = cst.parse_module(handle.read())
        except Exception:
            continue
        yield path, module


def main(paths):
    checked, mismatches = 0, []
    for path, module in modules_in(paths):
        checked += 1
        for visitor_class in (Every, Few, Trivia):
            theirs, ours = visitor_class(), visitor_class()
            module.visit(theirs)
            walk(module, ours)
            if theirs.events != ours.events or not ours.events:
                mismatches.append("%s (%s)" % (path, visitor_class.__name__))
        if not same_structure(module):
            mismatches.append("%s (TreeIndex)" % path)
    print(json.dumps({"checked": checked, "mismatches": mismatches}))
    return 1 if mismatches or not checked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
