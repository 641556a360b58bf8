"""LS804's unsafe fix (docs/SEMANTICS.md P5, "Unsafe fix"), proposed by the get_running_loop transform.

A constructor that stores the loop current when it runs, for the coroutines of the object to use later,
pins the object to that loop, which need not be the one that later runs them. Where the stored attribute
is private and the only reads of it in the file are in the class's own coroutine methods, the loop is
resolved where it is used instead:

    self._loop = asyncio.get_event_loop()          ->  (line removed)
    ... self._loop.create_future() ...             ->  ... asyncio.get_running_loop().create_future() ...

and, for a `loop=None` parameter, an explicit loop is still honoured:

    self._loop = loop or asyncio.get_event_loop()  ->  self._loop = loop
    (also `loop if loop is not None else ...`, and `if loop is None: loop = ...` / `loop = loop or ...`
     before `self._loop = loop`)
    ... self._loop.create_future() ...             ->  ... (self._loop or asyncio.get_running_loop()).create_future() ...

Only for plain shapes: a module-level class with no base, decorator or metaclass; the store a statement
of __init__'s own body; every `._attr` of the file either that store, another class's own `self._attr`,
or a read `self._attr` directly in a coroutine method of the class (at least one), used as a loop (an
attribute, an argument, a value) but not in a way that says it is meant to be another loop than the
running one (call_soon_threadsafe, run_until_complete, run_coroutine_threadsafe, ...); no string,
getattr() or __dict__ that could reach the attribute by name.
Everything else keeps LS804 without a proposal.
"""
from dataclasses import dataclass
from typing import Dict, Optional, Sequence, Tuple

import libcst as cst

from .edits import REMOVE, has_comment
from .loop_from_callers import DYNAMIC_LOOKUPS, private
from .syntax import is_none, named_params, positional_params, string_values

CODE = "LS804"
EXPLANATION = (
    "the stored loop is resolved where it is used. Where __init__ stores get_event_loop() in a private\n"
    "attribute (self._loop) of a plain module-level class (no base, decorator, metaclass or attribute hooks)\n"
    "and every other ._loop of the file is a read self._loop directly in a coroutine method of that class\n"
    "(at least one), the store goes and each read becomes asyncio.get_running_loop(); for a loop=None\n"
    "parameter, self._loop = loop is kept and each read becomes (self._loop or asyncio.get_running_loop()),\n"
    "so a loop passed in is still used. Not proposed where a sync method, a property, a nested function or\n"
    "code outside the class reads it, where it is used as another loop than the running one\n"
    "(call_soon_threadsafe, run_until_complete, run_coroutine_threadsafe, is_running, a comparison, ...), or\n"
    "where a string, getattr(), vars() or __dict__ may reach it by name.\n"
    "What may change: (1) an object made under one loop, or outside any (before asyncio.run(), at import),\n"
    "and used under another now uses the loop running its coroutines where it used the stored one (futures,\n"
    "tasks and callbacks go to the running loop; before they went to a loop that might never run, or failed\n"
    "with 'attached to a different loop'); (2) making the object no longer calls get_event_loop(): outside a\n"
    "running loop it no longer creates and sets a loop, warns (3.12/3.13) or raises (another thread, after\n"
    "asyncio.run(), 3.14), so a later get_event_loop() elsewhere is the one that does; (3) code outside the\n"
    "file that reads obj._loop (another module, a subclass defined elsewhere) gets AttributeError, or None\n"
    "where no loop was passed; copy and pickle no longer see a loop in the instance's state (see\n"
    "docs/SEMANTICS.md P5 in the loopshift repository). Take it when each object is used only under the loop\n"
    "that is running where it was made, or should follow the loop that runs it.")
DESCRIPTION = ("loop stored as %s in %s.__init__() -> get_running_loop() where its coroutine methods use it%s; "
               "see loopshift --explain LS804")
KEPT = " (a loop passed as %s= is still used)"

# Loop methods whose use on a stored loop says it is meant to be another loop than the running one: posting
# to it from elsewhere, running or stopping it, asking whether it runs.
_OTHER_LOOP = frozenset({"call_soon_threadsafe", "run_until_complete", "run_forever", "stop", "close", "is_running",
                         "is_closed", "shutdown_asyncgens", "shutdown_default_executor"})
_HANDS_TO_LOOP = frozenset({"run_coroutine_threadsafe"})  # run_coroutine_threadsafe(coro, self._loop)
# In a method that names the loop otherwise (`loop = self._loop`, `f(self._loop)`), these say the same of
# the local or the argument (close and stop are left out: sessions and servers have methods so named).
_OTHER_LOOP_ALIASED = frozenset({"call_soon_threadsafe", "run_until_complete", "run_forever", "is_running"}) \
    | _HANDS_TO_LOOP
# Names that reach an attribute by a computed name, or the instance's whole state.
_BY_NAME = frozenset(DYNAMIC_LOOKUPS) | {"getattr", "hasattr", "delattr", "attrgetter", "getmembers",
                                         "getattr_static", "__dict__", "__getattribute__"}
# Class members that run on every attribute access or store, or fix the instance's attributes.
_HOOKS = frozenset({"__getattr__", "__getattribute__", "__setattr__", "__delattr__", "__slots__"})


@dataclass(frozen=True)
class StoredLoop:
    """One proposal: the store it drops or keeps, and the reads it rewrites."""
    cls: cst.ClassDef
    target: cst.Attribute                     # self._loop in the store
    edits: Tuple[Tuple[cst.CSTNode, object], ...]  # (node, replacement or REMOVE) in __init__
    kept: Optional[str]                       # the loop=None parameter whose loop is still used, or None
    reads: Tuple[cst.Attribute, ...]
    scopes: Tuple[tuple, ...]                 # where each read is (its frame's scopes)


def find(up, tree, reads_for, site) -> Optional[StoredLoop]:
    """The StoredLoop for a get_event_loop() site loop_diagnostics reports as LS804, or None when the shape
    is not plain. `up` gives a node's parent; `tree` is the TreeIndex; `reads_for(names)` an analysis
    recording the sites of `names`."""
    frame = site.frame
    if (site.call.args or frame.kind != "def" or frame.node is not site.extent or frame.node.name.value != "__init__"
            or frame.parent is None or frame.parent.kind != "class" or frame.parent.parent is None
            or frame.parent.parent.kind != "module"):
        return None
    init, cls = frame.node, frame.parent.node
    if _class_shape(cls, init) is not None:
        return None
    params = positional_params(init.params)
    if not params:
        return None
    me = params[0].name.value
    nones = {p.name.value for p in named_params(init.params)[1:] if p.default is not None and is_none(p.default)}
    found = _store_shape(up, init, me, nones, site.call)
    if found is None:
        return None
    target, edits, kept = found
    attr = target.attr.value
    if not private(attr) or _reaches_by_name(tree, attr):
        return None
    reads = _reads(up, tree, reads_for(frozenset({attr})), cls, target)
    if not reads:
        return None  # None, or no read at all: then it is kept for code elsewhere (a subclass, another module)
    return StoredLoop(cls, target, edits, kept, tuple(s.expr for s in reads), tuple(s.frame.scopes() for s in reads))


def rewrite(stored: StoredLoop, running: Sequence[cst.BaseExpression], up) -> Dict[int, object]:
    """The edits (id(original) -> replacement, for edits.replace_nodes) that apply `stored`; `running[i]`
    spells asyncio.get_running_loop where read i is. `x or y` under an attribute gets parentheses."""
    mapping = {id(node): replacement for node, replacement in stored.edits}
    for read, spelt in zip(stored.reads, running):
        fresh = cst.Call(func=spelt)
        arg = up(read)
        # A `loop=` argument gets the running loop itself: drop_loop_arg then drops it as a getter's value, where
        # `self._loop or get_running_loop()` would stay, and raise TypeError from 3.10 (probe round 12, B G).
        keyword = isinstance(arg, cst.Arg) and arg.keyword is not None and arg.keyword.value == "loop"
        if stored.kept is not None and not keyword:
            wrap = isinstance(up(read), cst.Attribute)
            fresh = cst.BooleanOperation(left=read, operator=cst.Or(), right=fresh,
                                         lpar=[cst.LeftParen()] if wrap else [], rpar=[cst.RightParen()] if wrap else [])
        mapping[id(read)] = fresh
    return mapping


def _class_shape(cls: cst.ClassDef, init: cst.FunctionDef) -> Optional[str]:
    """Why the class's own code, or what made it, could read or set the attribute unseen: a base (its methods
    run on the instance), a decorator or metaclass (may add some), attribute hooks, or more than one
    __init__."""
    if cls.decorators or cls.keywords:
        return "decorated, or a metaclass"
    if any(base.star or not (isinstance(base.value, cst.Name) and base.value.value == "object") for base in cls.bases):
        return "a base class"
    if init.decorators or init.asynchronous is not None:
        return "__init__ is not a plain def"
    names = []
    for statement in cls.body.body:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names.append(statement.name.value)
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                targets = ([t.target for t in small.targets] if isinstance(small, cst.Assign) else
                           [small.target] if isinstance(small, (cst.AnnAssign, cst.AugAssign)) else [])
                names.extend(t.value for t in targets if isinstance(t, cst.Name))
        else:
            return "a compound statement in the class body"  # `if X: def __init__ ...`
    if names.count("__init__") != 1 or _HOOKS & set(names):
        return "several __init__, or attribute hooks"
    return None


def _self_attribute(node, me: str) -> Optional[cst.Attribute]:
    if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == me \
            and not node.lpar:
        return node
    return None


def _line_in(up, node, init) -> Optional[cst.SimpleStatementLine]:
    """The one-statement line holding the small statement `node`, directly in __init__'s body; else None."""
    line = up(node)
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and up(line) is init.body:
        return line
    return None


def _assign(node) -> Optional[cst.Assign]:
    return node if isinstance(node, cst.Assign) and len(node.targets) == 1 else None


def _fallback(expr, call, nones) -> Optional[str]:
    """The parameter P when `expr` is `P or call`, `P if P is not None else call` or `call if P is None else P`."""
    if isinstance(expr, cst.BooleanOperation) and isinstance(expr.operator, cst.Or) and expr.right is call \
            and isinstance(expr.left, cst.Name) and expr.left.value in nones:
        return expr.left.value
    if isinstance(expr, cst.IfExp) and isinstance(expr.test, cst.Comparison) and len(expr.test.comparisons) == 1:
        test, compared = expr.test, expr.test.comparisons[0]
        if not (isinstance(test.left, cst.Name) and test.left.value in nones and is_none(compared.comparator)):
            return None
        name = test.left.value
        kept, other = ((expr.body, expr.orelse) if isinstance(compared.operator, cst.IsNot) else
                       (expr.orelse, expr.body) if isinstance(compared.operator, cst.Is) else (None, None))
        if other is call and isinstance(kept, cst.Name) and kept.value == name:
            return name
    return None


def _store(up, init, me, nones, call):
    """(the stored self._attr, the edits in __init__, the kept parameter or None) for the shapes the module
    docstring lists, or None."""
    parent = up(call)
    assign = _assign(parent)
    if assign is not None:  # self._loop = get_event_loop()
        target = _self_attribute(assign.targets[0].target, me)
        line = _line_in(up, assign, init)
        if target is None or line is None or has_comment(line.with_changes(leading_lines=())):
            return None
        return target, ((line, REMOVE),), None
    name = _fallback(parent, call, nones)
    holder = _assign(up(parent)) if name is not None else None
    if holder is None or has_comment(parent):
        return None
    target = _self_attribute(holder.targets[0].target, me)
    if target is not None:  # self._loop = loop or get_event_loop()
        if _line_in(up, holder, init) is None:
            return None
        return target, ((parent, cst.Name(name)),), name
    # `loop = loop or get_event_loop()`, or `if loop is None: loop = get_event_loop()`, then `self._loop = loop`
    if not (isinstance(holder.targets[0].target, cst.Name) and holder.targets[0].target.value == name):
        return None
    line = _line_in(up, holder, init)
    if line is None or has_comment(line.with_changes(leading_lines=())):
        return None
    return _filled_then_stored(init, me, name, line, ((line, REMOVE),))


def _if_none_fill(up, init, call, nones):
    """`if P is None:` whose body is only `P = call`, directly in __init__'s body, no else: (P, the If)."""
    assign = _assign(up(call))
    if assign is None or not isinstance(assign.targets[0].target, cst.Name):
        return None
    name = assign.targets[0].target.value
    line = up(assign)
    block = up(line) if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 else None
    branch = up(block) if isinstance(block, cst.IndentedBlock) and len(block.body) == 1 else None
    if not isinstance(branch, cst.If) or branch.orelse is not None or up(branch) is not init.body or name not in nones:
        return None
    test = branch.test
    if not (isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Name)
            and test.left.value == name and isinstance(test.comparisons[0].operator, cst.Is)
            and is_none(test.comparisons[0].comparator)):
        return None
    return name, branch


def _store_shape(up, init, me, nones, call):
    """_store, and the `if P is None:` form."""
    found = _store(up, init, me, nones, call)
    if found is not None:
        return found
    filled = _if_none_fill(up, init, call, nones)
    if filled is None:
        return None
    name, branch = filled
    if has_comment(branch.with_changes(leading_lines=())):
        return None
    return _filled_then_stored(init, me, name, branch, ((branch, REMOVE),))


def _filled_then_stored(init, me, name, filler, edits):
    """After the statement `filler` that fills parameter `name`, exactly one `self._attr = name` directly in
    __init__'s body, and `name` read nowhere else in __init__ (nor spelt anywhere else in it, conservatively):
    the filler goes and the store keeps the parameter."""
    body = list(init.body.body)
    at = next(i for i, statement in enumerate(body) if statement is filler)
    stores = []
    for statement in body[at + 1:]:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
            assign = _assign(statement.body[0])
            if assign is not None and isinstance(assign.value, cst.Name) and assign.value.value == name:
                target = _self_attribute(assign.targets[0].target, me)
                if target is not None:
                    stores.append(target)
    spelt = _count_names(init.body, name)
    if len(stores) != 1 or spelt != _count_names(filler, name) + 1:
        return None
    return stores[0], edits, name


def _count_names(root, name: str) -> int:
    stack, count = [root], 0
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name) and node.value == name:
            count += 1
        stack.extend(node.children)
    return count


def _reaches_by_name(tree, attr: str) -> bool:
    """The file may reach the attribute without spelling `._attr`: a string naming it ('_loop', 'obj._loop',
    __slots__), or getattr(), vars(), __dict__ and their kin."""
    for node in tree.nodes:
        if type(node) is cst.Name and node.value in _BY_NAME:
            return True
    return any(attr in value.replace(":", ".").split(".") for value in string_values(tree))


def _reads(up, tree, wide, cls, target) -> Optional[list]:
    """The sites of `self._attr` read directly in a coroutine method of `cls`, each used as the running loop
    would be, when every other `._attr` of the file is the store or `self._attr` in a method of another
    class (its own attribute: no class of the file derives from `cls`); else None."""
    attr, name = target.attr.value, cls.name.value
    for node in tree.nodes:  # a class of the file deriving from cls: its methods' self may be a cls
        if type(node) is cst.ClassDef and any(_mentions(arg, name) for arg in (*node.bases, *node.keywords)):
            return None
    sites = {id(site.expr): site for site in wide.sites if isinstance(site.expr, cst.Attribute)}
    reads = []
    for node in tree.nodes:
        if type(node) is not cst.Attribute or node.attr.value != attr or node is target:
            continue
        owner = _method_of(up, tree, wide, node)
        if owner is None:
            return None
        method, holder = owner
        if holder is not cls:
            continue  # another class's own attribute
        site = sites.get(id(node))
        if site is None or not site.in_coroutine_body or site.frame.node is not method \
                or not _used_as_running(up, node, method):
            return None
        reads.append(site)
    return reads


def _method_of(up, tree, wide, node) -> Optional[tuple]:
    """(the method, its class) when `node` is `self.x` in the body of a method directly in a class body, with
    `self` its first parameter, bound nowhere else in it; not a staticmethod or classmethod."""
    if not isinstance(node.value, cst.Name) or node.lpar:
        return None
    scope = up(node)
    while scope is not None and not isinstance(scope, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
        scope = up(scope)
    if not isinstance(scope, cst.FunctionDef) or not _within(tree, node, scope.body):
        return None
    holder = up(up(scope))
    if not isinstance(holder, cst.ClassDef) or up(scope) is not holder.body:
        return None
    if any(_terminal(d.decorator) in ("staticmethod", "classmethod") for d in scope.decorators):
        return None
    params = positional_params(scope.params)
    if not params or node.value.value != params[0].name.value or wide.bindings_in(node.value.value, scope) != 1:
        return None
    return scope, holder


def _within(tree, node, root) -> bool:
    start, end = tree.span[id(root)]
    return start <= tree.span[id(node)][0] < end


def _mentions(root, name: str) -> bool:
    return _count_names(root, name) > 0


def _terminal(expr) -> Optional[str]:
    if isinstance(expr, cst.Call):
        expr = expr.func
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return expr.value if isinstance(expr, cst.Name) else None


def _used_as_running(up, read, method) -> bool:
    """The read is a loop's method or attribute (not one of _OTHER_LOOP), an argument (not unpacked, not to
    run_coroutine_threadsafe), or the value of an assignment or a return; named otherwise than as an
    attribute, in a method that says nothing of another loop (_OTHER_LOOP_ALIASED)."""
    parent = up(read)
    if isinstance(parent, cst.Attribute) and parent.value is read:
        return parent.attr.value not in _OTHER_LOOP
    if isinstance(parent, cst.Arg) and parent.value is read and not parent.star:
        call = up(parent)
        named = isinstance(call, cst.Call) and _terminal(call.func) not in _HANDS_TO_LOOP
    else:
        named = isinstance(parent, (cst.Assign, cst.AnnAssign, cst.Return)) and parent.value is read
    return named and not any(_count_names(method, name) for name in _OTHER_LOOP_ALIASED)
