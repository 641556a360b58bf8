"""How the import planner (import_plan.py) turns requests into edits, under a transform's `Rules`.

The transforms came to the planner with import rules that differ in details their outputs show
(issue 11). Each field of `Rules` is one such rule, applied in one place here; a transform names its set
with `ctx.imports.follow(...)`. Making two sets agree changes outputs: do it with fixtures, not as a
refactor.
"""
from dataclasses import dataclass
from typing import Tuple

import libcst as cst

from .edits import REMOVE, edit_from_import, has_comment


@dataclass(frozen=True)
class Rules:
    # reach(): where an existing spelling is looked for, in order. "via": via's own module object;
    # "name": the name, then another local bound only to it; "module": the module's own name, then
    # another local bound only to it; "alias": only the latter.
    look: Tuple[str, ...] = ("via", "name", "alias")
    # reach(): the name may go into a from-import of any module, as a sibling of via's name there
    # (get_running_loop beside get_event_loop, also in `from asyncio.events import ...`).
    sibling: bool = False
    # reach(): a new name must be "unused" (neither bound nor loaded in the file) or "unbound" (bound
    # to nothing else).
    free: str = "unused"
    # reach(): only a module-level from-import takes the name, and one whose list cannot (a comment on
    # its line, another module) is followed by `from <module> import name`, only at the module's top
    # level. Without it a from-import of another module takes nothing (unless `sibling`), and a
    # commented one is followed by a line of its own wherever it is.
    top_level: bool = False
    # Which comment keeps an import as it is: one inside the statement ("import"), or anywhere on its
    # line, leading comment lines included ("line").
    comments: str = "import"
    # A commented list still has a dropped name replaced in place by the name planned beside it.
    replace_commented: bool = False
    # A trailing comment on the line keeps the "line" (it is not removed) or all its "names".
    trailing: str = "line"
    # The last name of an import sharing its line with other statements: "keep" the import as it
    # was, "keep-last" (the names dropped before it stay dropped), or "remove" the import statement.
    shared: str = "keep"
    # The blank lines above a removed import line: "carry" them to the next statement, or "drop" them
    # (only with comments="line", under which a line with leading comments is never removed).
    blank_lines: str = "carry"

    def __post_init__(self):
        if self.blank_lines == "drop" and self.comments != "line":
            raise ValueError("dropping a removed line's leading lines could drop comments")

    def commented(self, node, line) -> bool:
        return has_comment(line if self.comments == "line" else node)


PLANNED = Rules()  # asyncio_run, explicit_loop
IN_PLACE = Rules(look=("name",), sibling=True, free="unbound", replace_commented=True, trailing="names",
                 shared="remove")  # get_running_loop, loop_factory
OWN_LINE = Rules(look=("module", "name"), top_level=True, comments="line", shared="keep-last",
                 blank_lines="drop")  # runner


def plan_edits(analysis, rules: Rules, added: dict, drops: dict, lines: list) -> dict:
    """{id(node of the received module): replacement | FlattenSentinel | REMOVE | RemovalSentinel}.
    `added`: {id(from-import): (node, [(anchor, name, own-line module)])}; `drops`: {id(import): (node,
    [locals])}; `lines`: modules to import on lines of their own."""
    mapping: dict = {}
    for key in set(added) | set(drops):
        node = added[key][0] if key in added else drops[key][0]
        _edit_one(analysis, rules, node, added.get(key, (node, []))[1], list(drops.get(key, (node, []))[1]),
                  mapping)
    if lines:
        _new_lines(analysis.module, lines, mapping)
    return mapping


def _edit_one(analysis, rules, node, adds, drops, mapping) -> None:
    line = analysis.import_lines[id(node)]
    commented = rules.commented(node, line)
    in_place, own = [], []
    for anchor, name, own_module in adds:
        replaces = anchor in drops and anchor not in [a for a, _ in in_place]
        if own_module is not None or (commented and not (rules.replace_commented and replaces)):
            own.append((anchor, name, own_module))
        else:
            in_place.append((anchor, name))
    # The import a line of its own follows keeps the name it was planned beside.
    drops = [local for local in drops if local not in {anchor for anchor, _, _ in own}]
    if commented or (rules.trailing == "names" and line.trailing_whitespace.comment is not None):
        drops = [local for local in drops if local in {anchor for anchor, _ in in_place}]  # replaced only
    new, previous = node, {}
    for anchor, name in in_place:
        if anchor in drops and anchor not in previous:
            new = edit_from_import(new, anchor, name, True)
            drops.remove(anchor)
        else:
            new = edit_from_import(new, previous.get(anchor, anchor), name, False)
        previous[anchor] = name
    for local in drops:
        step = edit_from_import(new, local, None, True) if isinstance(node, cst.ImportFrom) else REMOVE
        if step is REMOVE and len(line.body) > 1 and rules.shared != "remove":
            new = node if rules.shared == "keep" else new
            break
        new = step
        if new is REMOVE:
            break
    if new is REMOVE and rules.trailing == "line" and line.trailing_whitespace.comment is not None:
        new = node
    if own:
        edited = line if new is node else line.with_changes(body=[new if s is node else s for s in line.body])
        mapping[id(line)] = cst.FlattenSentinel([edited, *_own_lines(node, own)])
    elif new is REMOVE and rules.blank_lines == "drop" and len(line.body) == 1:
        mapping[id(line)] = cst.RemovalSentinel.REMOVE  # with its blank lines (no comment: see `comments`)
    elif new is not node:
        mapping[id(node)] = new


def _own_lines(node, own):
    """`from M import a, b` lines after a from-import whose list does not take the names."""
    modules = {}
    for _, name, own_module in own:
        modules.setdefault(own_module, []).append(name)
    return [cst.SimpleStatementLine([cst.ImportFrom(
        module=node.module if own_module is None else cst.parse_expression(own_module),
        relative=node.relative if own_module is None else (),
        names=[cst.ImportAlias(name=cst.Name(name)) for name in names])]) for own_module, names in modules.items()]


def _new_lines(module, names, mapping: dict) -> None:
    """`import M` lines after the module's leading imports (before its first statement if none)."""
    lines = [cst.parse_statement("import %s%s" % (name, module.default_newline), module.config_for_parsing)
             for name in names]
    body, last = module.body, None
    for index, statement in enumerate(body):
        if isinstance(statement, cst.SimpleStatementLine) and all(
                isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
            last = index
        elif index == 0 and _is_docstring(statement):
            continue
        else:
            break
    if last is None and body and _is_docstring(body[0]):
        last = 0
    if last is None:
        if body:
            first = body[0]
            new_first = mapping.get(id(first), first)
            if isinstance(new_first, cst.FlattenSentinel):
                raise ValueError("the first statement is edited twice")
            gone = new_first is REMOVE or isinstance(new_first, cst.RemovalSentinel)
            mapping[id(first)] = cst.FlattenSentinel(
                [lines[0].with_changes(leading_lines=first.leading_lines), *lines[1:],
                 *([] if gone else [new_first.with_changes(leading_lines=[])])])
        return
    anchor = body[last]
    current = mapping.get(id(anchor), anchor)
    only = anchor.body[0] if len(anchor.body) == 1 else None
    if current is REMOVE or isinstance(current, cst.RemovalSentinel) or (
            current is anchor and only is not None and mapping.get(id(only)) is REMOVE):
        # The anchor import goes (as a line or as its one statement): the new lines take its place, with its
        # leading lines; kept beside a removal inside it, they would be dropped or its comments doubled.
        mapping.pop(id(only), None)
        mapping[id(anchor)] = cst.FlattenSentinel([lines[0].with_changes(leading_lines=anchor.leading_lines), *lines[1:]])
    elif isinstance(current, cst.FlattenSentinel):
        mapping[id(anchor)] = cst.FlattenSentinel([*current.nodes, *lines])
    else:
        mapping[id(anchor)] = cst.FlattenSentinel([current, *lines])


def _is_docstring(statement) -> bool:
    return (isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1
            and isinstance(statement.body[0], cst.Expr) and isinstance(statement.body[0].value, cst.SimpleString))
