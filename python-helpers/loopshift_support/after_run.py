"""What runs after the run that asyncio.run() would replace (docs/SEMANTICS.md P3a condition 4).

asyncio.run() closes its loop when the coroutine ends, where `loop.run_until_complete()` without a close left it
open. An object bound to that loop that leaves the run (a future returned, a task kept in module state) is still
usable afterwards in the old code: `fut.set_result(x)` schedules its callbacks on the open loop. After
asyncio.run() the same call raises `RuntimeError: Event loop is closed` (probe round 7, W20, W21).

So the code that runs after the run, on the entry path (the rest of the run's own line included), must be
inert: simple statements whose calls are only print() and the exits (`sys.exit`, `exit`, `quit`, `os._exit`),
`repr`/`str`/`len`/`format`, of constants, names and operations on them, methods of a module-level empty
container, and assignments to plain names. Names count only when no special method of this file or of an
imported project module may run on them, and no function of this file or of an imported project module
may hand on the loop it runs in, whose repr tells whether the run closed it (values_plain, loop_kept); the
writers count only while the standard streams are the interpreter's (inert_calls). A method call, a call of anything else, a comprehension, a subscript or
attribute store, or a compound statement may reach such an object (through a name, module state, or a
function of this file), and the rewrite declines; the explicit loop of P3b closes nothing the old code left
open.
"""
import re
from typing import Optional

import libcst as cst

from .code_text import short_text
from .syntax import LOOKING_BUILTINS, dotted_parts

# Calls that only print, exit or describe their arguments: they read their str(), repr() or length, which no
# loop state changes.
_INERT_CALLS = frozenset({"print", "sys.exit", "exit", "quit", "os._exit", "repr", "str", "len", "format"})


# Methods of the builtin containers that only store or read their items. Not extend() or update(): they iterate
# their argument, which may be a generator the run returned (probe round 8, W01).
_CONTAINER_METHODS = frozenset({"append", "insert", "pop", "add", "clear", "remove", "discard",
                                "setdefault", "get", "copy", "count", "index"})


def _plain_container(analysis, scopes, name: str) -> bool:
    """`name` is a module-level name bound once, by `name = [...]`/`{...}`/`list()`/`dict()`/`set()`."""
    module = analysis.module
    bindings = analysis.visible_bindings(name, scopes)
    if len(bindings) != 1 or bindings[0].scope is not module or analysis.bindings_in(name, module) != 1:
        return False
    for line in module.body:
        if isinstance(line, cst.SimpleStatementLine):
            for small in line.body:
                if isinstance(small, cst.Assign) and len(small.targets) == 1 \
                        and isinstance(small.targets[0].target, cst.Name) and small.targets[0].target.value == name:
                    value = small.value
                    return isinstance(value, (cst.List, cst.Dict, cst.Set)) and not value.elements or (
                        isinstance(value, cst.Call) and not value.args and isinstance(value.func, cst.Name)
                        and value.func.value in ("list", "dict", "set")
                        and not analysis.visible_bindings(value.func.value, (module,)))
    return False


# Special methods print(), str(), len(), an f-string or an operator may run (src/loop-effects.ts SPECIAL_METHOD, the
# same list): an object of a class defining one may reach its closed loop from there (probe round 7b, W01-W03).
SPECIAL_METHODS = frozenset("__%s__" % name for name in (
    "str repr format len length_hint iter next bool int index float complex hash eq ne lt le gt ge contains "
    "getitem getattr getattribute add radd sub rsub mul rmul truediv floordiv mod rmod del "
    # Every other operator (probe round 8, W02: `stats | 4` ran a __or__).
    "rtruediv rfloordiv divmod rdivmod pow rpow matmul rmatmul lshift rlshift rshift rrshift and rand or ror "
    "xor rxor neg pos abs invert round trunc floor ceil bytes").split())


# Bases whose objects print, compare and measure without calling a method a subclass may override. A subclass of
# anything else may: UserList's __repr__ reads `self.data`, a date's __format__ calls `self.strftime()` (probe
# round 8b, W06).
_PLAIN_BASES = frozenset({"object", "Exception", "BaseException", "int", "float", "str", "bytes", "tuple", "list",
                          "dict", "set", "frozenset", "NamedTuple", "typing.NamedTuple"})
_PLAIN_BASE_SUFFIX = re.compile(r"(?:Error|Exception|Warning)$")
# Objects made from data by code the imports do not show (pickle finds their classes by name: 8b, W07).
_UNSEEN_CLASSES = re.compile(r"\b(?:pickle|cPickle|_pickle|dill|cloudpickle|shelve|marshal|copyreg|jsonpickle|importlib|"
                             r"__import__|import_module)\b")


# asyncio objects whose text reads their loop: a transport's repr shows its read/write state only while the loop
# is open, and a StreamWriter's shows its transport's (probe round 10, W3: a writer the run returned, printed
# after it, lost "read=idle write=<idle...>" under asyncio.run). The calls that make them, by spelling.
_LOOP_READING_OBJECTS = re.compile(r"\b(?:open_connection|open_unix_connection|start_server|start_unix_server|"
                                   r"create_connection|create_unix_connection|create_server|create_unix_server|"
                                   r"create_datagram_endpoint|connect_read_pipe|connect_write_pipe|"
                                   r"connect_accepted_socket|subprocess_exec|subprocess_shell|StreamWriter)\b")


def loop_reading_objects(text: str) -> Optional[str]:
    """The first call of the file (by spelling) that makes transports or streams, objects bound to their loop."""
    found = _LOOP_READING_OBJECTS.search(text)
    return found.group(0) if found else None


def values_plain(tree, project, text: str = "") -> Optional[str]:
    """Why a value made by the run may not be printed, measured or compared as plain data after it (or None):
    this file (`tree`, its TreeIndex) or a project module it imports defines a special method that doing so may
    run, or a class whose base's special methods may call methods it overrides; or the file may get objects of
    classes its imports do not show (`text`), or asyncio objects whose text reads their loop (transports and the
    streams around them). Objects of other libraries are trusted (residue)."""
    found = _UNSEEN_CLASSES.search(text)
    if found:
        return "this file uses %s, which may make objects of any class" % found.group(0)
    found = loop_reading_objects(text)
    if found:
        return "this file uses %s, whose objects' text reads their loop (a transport's state)" % found
    for node in tree.nodes:
        if type(node) is cst.ClassDef:
            for base in node.bases:
                parts = dotted_parts(base.value)
                name = ".".join(parts) if parts else None
                if base.keyword is not None or name is None \
                        or not (name in _PLAIN_BASES or _PLAIN_BASE_SUFFIX.search(name)):
                    return "class %s has a base whose special methods may call its methods" % node.name.value
        if type(node) is cst.FunctionDef and node.name.value in SPECIAL_METHODS:
            return "this file defines %s, which printing a value may run" % node.name.value
        # Bound otherwise: `__str__ = describe` in a class body, `type("R", (), {"__repr__": show})` (probe round 8,
        # W12). Any mention counts.
        if type(node) is cst.Name and node.value in SPECIAL_METHODS:
            return "this file binds %s, which printing a value may run" % node.value
        if type(node) is cst.SimpleString and node.value.strip("'\"bBrRuU") in SPECIAL_METHODS:
            return "this file names %s in a string (a class made by type() may bind it)" % node.value
    effects = (project or {}).get("importedEffects") or {}
    module = effects.get("dunders")
    if isinstance(module, str):
        return "project module %s, imported here, defines special methods printing a value may run" % module
    module = effects.get("subclasses")
    if isinstance(module, str):
        return "project module %s, imported here, has classes whose bases' special methods may call theirs" % module
    return None


# How code that runs in the run gets its loop: the getters, and the names a loop is usually kept in.
_LOOP_GETTERS = frozenset({"get_running_loop", "get_event_loop", "_get_running_loop", "get_loop"})
_LOOP_NAMES = frozenset({"loop", "_loop"})
# Calls that only look at their arguments, keep none (set_event_loop from-imported: asyncio's, the entry pattern's).
_LOOKS_AT = LOOKING_BUILTINS | {"set_event_loop"}
# Where a Name is bound or a keyword, not read.
_BINDING_PARENTS = (cst.Param, cst.FunctionDef, cst.ClassDef, cst.ImportAlias, cst.AsName, cst.Global, cst.Nonlocal)


def loop_handed_on(tree, project) -> Optional[str]:
    """Why the run's loop may be a value the code after the run sees (or None): a function of this file
    (loop_kept) or of a project module it imports (effect loopKept) may hand on the loop it runs in. It matters
    only while the old code's loop is still open (code_after_run); the Runner keeps it open as long."""
    return loop_kept(tree) or imported_loop_kept(project)


def imported_loop_kept(project) -> Optional[str]:
    """Why a project module this file imports may hand on the loop it runs in (effect loopKept), or None."""
    module = ((project or {}).get("importedEffects") or {}).get("loopKept")
    if isinstance(module, str):
        return "project module %s, imported here, may hand on the loop it runs in" % module
    return None


def loop_kept(tree) -> Optional[str]:
    """Why a value made by the run may be the run's loop itself (or None). The loop's repr says whether it is
    closed, and asyncio.run() closes the loop run_until_complete() left open: `print(main_result)` differs when
    the coroutine returned get_running_loop() or stored it in module state (probe round 8b residue, cases 16,
    17, 34). Within a function of this file, a loop (a getter's call, or a name or attribute called loop or
    _loop, or a local name bound once to a getter's call) may only be used as the receiver of a method call
    (`loop.call_soon(...)`), compared, or passed to asyncio's own functions, to builtins that only look at it
    (`type(loop)`) or to a `loop` parameter of this file's functions: anything else may hand it on.
    Module-level code is the entry pattern's own, checked by the rewrite."""
    parent = tree.parent.get
    for node in tree.nodes:
        kind = type(node)
        if kind is cst.Call:
            func = node.func
            name = func.value if type(func) is cst.Name else func.attr.value if type(func) is cst.Attribute else None
            if name not in _LOOP_GETTERS:
                continue
        elif kind is cst.Name:
            if node.value not in _LOOP_NAMES and node.value not in _LOOP_GETTERS:
                continue
            up = parent(id(node))
            if isinstance(up, _BINDING_PARENTS) or (type(up) is cst.Attribute and up.attr is node) \
                    or (type(up) is cst.Arg and up.keyword is node) or (type(up) is cst.AssignTarget) \
                    or (type(up) is cst.Call and up.func is node):
                continue  # bound, a keyword, the attribute's own name, or a getter's call (seen as the Call)
        elif kind is cst.Attribute:
            if node.attr.value not in _LOOP_NAMES and node.attr.value not in _LOOP_GETTERS:
                continue
            up = parent(id(node))
            if (type(up) is cst.Call and up.func is node) or type(up) is cst.AssignTarget:
                continue
        else:
            continue
        if tree.function_of(node) is not None and not _stays(tree, node):
            return "a function of this file may hand on its loop (%s), whose repr tells whether it is closed" \
                % _text(node)
    return None


def _to_loop_parameter(tree, name, call, arg) -> bool:
    """`arg` of `call` (a call of `name`) lands in a parameter called loop/_loop of every def of `name` in this
    file (by position, or by its keyword), whose uses loop_kept checks like any other loop's."""
    defs = [node for node in tree.nodes if type(node) is cst.FunctionDef and node.name.value == name]
    if not defs:
        return False
    if arg.keyword is not None:
        return arg.keyword.value in _LOOP_NAMES and all(
            any(p.name.value == arg.keyword.value for p in (*fn.params.params, *fn.params.kwonly_params)) for fn in defs)
    position = call.args.index(arg)
    if any(a.star or a.keyword is not None for a in call.args[:position]):
        return False
    for fn in defs:
        positional = [*fn.params.posonly_params, *fn.params.params]
        if position >= len(positional) or positional[position].name.value not in _LOOP_NAMES:
            return False
    return True


def _asyncio_names(tree) -> frozenset:
    """The names this file reads asyncio's functions by: `asyncio` and its `import ... as` aliases, and the names
    from-imported from it (`from asyncio import sleep`). Memoised on the TreeIndex."""
    found = getattr(tree, "_asyncio_names", None)
    if found is None:
        names = {"asyncio"}
        for node in tree.nodes:
            if type(node) is cst.Import:
                names.update(alias.asname.name.value for alias in node.names if alias.asname is not None
                             and dotted_parts(alias.name) == ["asyncio"] and type(alias.asname.name) is cst.Name)
            elif type(node) is cst.ImportFrom and node.module is not None and (dotted_parts(node.module) or [""])[0] == "asyncio" \
                    and not node.relative and not isinstance(node.names, cst.ImportStar):
                names.update((alias.asname.name if alias.asname is not None else alias.name).value for alias in node.names
                             if type(alias.asname.name if alias.asname is not None else alias.name) is cst.Name)
        found = tree._asyncio_names = frozenset(names)
    return found


def _stays(tree, node) -> bool:
    """The loop `node` gives is only used, not handed on: the receiver of a method call, an operand of a
    comparison, an argument of asyncio's functions (by any name this file reads them by), a positional argument
    of a builtin that only looks at it, an argument landing in a `loop` parameter of this file's function, or
    the value of a local name whose reads are all such."""
    up = tree.parent.get(id(node))
    if type(up) is cst.Attribute and up.value is node:
        # A method called (`loop.time()`); a bound method taken as a value holds the loop (probe round 9, b06).
        call = tree.parent.get(id(up))
        return type(call) is cst.Call and call.func is up
    if type(up) is cst.Comparison or type(up) is cst.ComparisonTarget:
        return True  # `waiter.get_loop() is loop`
    if type(up) is cst.Arg and up.star == "":
        call = tree.parent.get(id(up))
        parts = dotted_parts(call.func) if type(call) is cst.Call else None
        # asyncio's own functions (loop=, set_event_loop(loop): the entry pattern's own), builtins that only
        # look at the loop, and this file's functions whose parameter there is called loop (checked as such).
        # Not `loop=` to anything else: dict(), a namespace, a dataclass or a **kwargs helper keep it (round 9, B1).
        if not parts:
            return False
        if parts[0] in _asyncio_names(tree) or (len(parts) == 1 and parts[0] in _LOOKS_AT and up.keyword is None):
            return True
        return len(parts) == 1 and _to_loop_parameter(tree, parts[0], call, up)
    if type(node) is cst.Call and type(up) is cst.Assign and len(up.targets) == 1 \
            and type(up.targets[0].target) is cst.Name:
        local = up.targets[0].target.value
        start, end = tree.span[id(tree.function_of(up))]
        for other in tree.nodes[start:end]:
            if type(other) is cst.Name and other.value == local and other is not up.targets[0].target:
                above = tree.parent.get(id(other))
                if not (type(above) is cst.Attribute and above.attr is other) \
                        and not (type(above) is cst.Arg and above.keyword is other) and not _stays(tree, other):
                    return False
        return True
    return False


# print() and the exits write to sys.stdout/sys.stderr, which a program may replace with an object of its own.
_STREAM_STORE = re.compile(r"\bsys\s*\.\s*(?:stdout|stderr)\s*=(?!=)|\bredirect_std(?:out|err)\b"
                           r"|\bsys\s*\.\s*__dict__|\bvars\s*\(\s*sys\b")  # sys.__dict__.update(stdout=...): 8b, W04
# The builtins themselves replaced (`builtins.print = f`: 8b, W03): no call counts as inert.
_BUILTINS = re.compile(r"\b__builtins__\b|\bbuiltins\b")
# This file's functions may be rebound or have their code replaced without a def (`f.__code__ = g.__code__`,
# `sys.modules[__name__].f = g`, `globals()["f"] = g`: 8b, W01, W02): none counts as inert then.
_REBINDS = re.compile(r"__code__|\bsys\s*\.\s*modules\b|__dict__|\bglobals\s*\(|\bsetattr\s*\(|\bexec\s*\(")
# In the set inert_calls() returns: this file's own functions may count as inert (_inert_function).
OWN_FUNCTIONS = "<this file's functions>"
_WRITERS = frozenset({"print", "sys.exit", "exit", "quit"})


def inert_calls(text: str, project) -> frozenset:
    """The callees that count as inert after a run: none when the builtins may be replaced, in this file or in
    another project module (facts `streamsReplaced`, which also covers stores named like a builtin); not the
    writers when this file may have replaced the standard streams (probe round 7b, W08); and this file's own
    functions (OWN_FUNCTIONS) unless they may be rebound otherwise than by a def."""
    project = project or {}
    if _BUILTINS.search(text) or project.get("streamsReplaced"):
        return frozenset()
    calls = _INERT_CALLS - _WRITERS if _STREAM_STORE.search(text) else _INERT_CALLS
    if not _REBINDS.search(text) and not project.get("mainReached"):
        calls = calls | {OWN_FUNCTIONS}
    return calls


def code_after_run(lc, entry, pattern) -> Optional[str]:
    """The first code that runs after the run on the entry path and may use an object bound to its loop, as a
    short text, or None."""
    closed_names = values_plain(lc.tree, lc.ctx.project, lc.ctx.code(lc.module)) is None
    # Until the old code's close() the run's loop is open there and closed after asyncio.run(): if a value may be
    # that loop, its repr differs (probe round 8b residue, cases 16, 17, 34).
    names = closed_names and loop_handed_on(lc.tree, lc.ctx.project) is None
    calls = inert_calls(lc.ctx.code(lc.module), lc.ctx.project)
    skipped = {id(line) for line in pattern.removed_lines}
    top = entry.fn.body if entry.fn is not None else None
    scopes = pattern.site.frame.scopes()
    # The run's own line goes on after it with the run's value (`print(loop.run_until_complete(main()))`); a bare
    # run drops it unread (a __del__ is an exit hook: exit_hooks.py).
    line = pattern.ruc_line
    dropped = len(line.body) == 1 and type(line.body[0]) is cst.Expr and line.body[0].value is pattern.ruc
    # An exception escaping the run (one carrying the loop: probe round 9, b16) ends in a traceback, whose frames
    # asyncio.run() changes anyway.
    found = None if dropped else not_inert(lc.analysis, scopes, line, pattern.ruc, names=names, calls=calls)
    if found is not None:
        return found
    for statement in following(lc.parent, pattern.ruc_line, top):
        if statement is pattern.close_line:
            names = closed_names
        if id(statement) in skipped:
            continue
        found = not_inert(lc.analysis, scopes, statement, names=names, calls=calls)
        if found is not None:
            return found
    if entry.fn is not None and entry.call is not None:
        # In the main guard: what the statement calling the entry function does with its value, and what follows.
        line = entry.call
        while line is not None and not isinstance(line, cst.SimpleStatementLine):
            line = lc.parent(line)
        if line is None:
            return _text(entry.call)
        found = not_inert(lc.analysis, (lc.module,), line, entry.call, names=names, calls=calls)
        if found is not None:
            return found
        for statement in following(lc.parent, line, None):
            found = not_inert(lc.analysis, (lc.module,), statement, names=names, calls=calls)
            if found is not None:
                return found
    return None


def following(parent, line, top):
    """The statements that run after `line`, block by block outwards, up to `top` (a function's body) or the
    module. The other parts of a try around it (its handlers', else's and finally's statements) and a with's
    exit (the with statement itself, which is not inert) run after it too."""
    node = line
    while True:
        block = parent(node)
        if not isinstance(block, (cst.IndentedBlock, cst.Module)):
            yield block  # `if x: run(...); more()` on one line: not followed
            return
        yield from _after(block.body, node)
        if block is top or isinstance(block, cst.Module):
            return
        owner = parent(block)
        if isinstance(owner, (cst.Try, cst.TryStar)):  # the pattern's own try too (probe round 7b, W15, W16)
            # A handler's type is read only (`except asyncio.TimeoutError:`): its body, the else and the finally run.
            for part in (*owner.handlers, owner.orelse, owner.finalbody):
                if part is not None and part.body is not block:
                    yield from part.body.body if isinstance(part.body, cst.IndentedBlock) else (part,)
        elif isinstance(owner, cst.With):
            yield owner  # its manager's __exit__
        while owner is not None and not isinstance(parent(owner), (cst.IndentedBlock, cst.Module)):
            owner = parent(owner)
        if owner is None:
            return
        node = owner


def _after(statements, node):
    seen = False
    for statement in statements:
        if seen:
            yield statement
        elif statement is node:
            seen = True


def _text(node) -> str:
    return short_text(node) or type(node).__name__  # never empty: the caller tests the answer's truth


def not_inert(analysis, scopes, statement, hole=None, names=True, calls=None, depth=0) -> Optional[str]:
    """`statement` (executed in `scopes`), as a short text, unless it is inert after the run; `hole`: a call
    inside it whose own running is accounted for elsewhere (the entry function's call), whose value is a plain
    operand. `names`: whether names (and that value) count as plain data (values_plain); `calls`: the callees
    that count as inert (inert_calls); `depth`: how many calls of this file's inert functions lead here. Also
    asked by runner for the code after a Runner's last run (Runner.close() runs the loop)."""
    calls = _INERT_CALLS if calls is None else calls
    if not isinstance(statement, cst.SimpleStatementLine):
        return _text(statement)
    for small in statement.body:
        if isinstance(small, (cst.Pass, cst.Return, cst.Expr, cst.Assign)):
            value = small.value if not isinstance(small, cst.Pass) else None
            if isinstance(small, cst.Assign) and not all(isinstance(t.target, cst.Name) for t in small.targets):
                return _text(small)
            if value is not None and not _plain(analysis, scopes, value, hole, names, calls, depth):
                return _text(small)
        else:
            return _text(small)
    return None


def _plain(analysis, scopes, expr, hole, names, calls, depth=0) -> bool:
    if isinstance(expr, (cst.BaseNumber, cst.SimpleString, cst.Ellipsis)):
        return True
    if expr is hole or isinstance(expr, cst.Name):
        return names or (isinstance(expr, cst.Name) and expr.value in ("None", "True", "False"))
    if isinstance(expr, cst.ConcatenatedString):
        return True
    if isinstance(expr, cst.FormattedString):
        def parts_plain(parts) -> bool:  # a format spec holds expressions too (`{x:>{width()}}`: probe round 8, W11)
            return all(_plain(analysis, scopes, part.expression, hole, names, calls, depth)
                       and parts_plain(part.format_spec or ())
                       for part in parts if isinstance(part, cst.FormattedStringExpression))
        return parts_plain(expr.parts)
    if isinstance(expr, cst.Call) and any(arg.star for arg in expr.args):
        return False  # `print(*lines)` iterates its argument, maybe a generator the run returned (probe round 8, W01)
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and isinstance(expr.func.value, cst.Name) \
            and expr.func.attr.value in _CONTAINER_METHODS and _plain_container(analysis, scopes, expr.func.value.value):
        return all(_plain(analysis, scopes, arg.value, hole, names, calls, depth) for arg in expr.args)  # `log.append(x)`
    if isinstance(expr, cst.Call) and _inert_function(analysis, scopes, expr, names, calls, depth):
        return all(_plain(analysis, scopes, arg.value, hole, names, calls, depth) for arg in expr.args)  # `report(n)`
    if isinstance(expr, cst.Call):
        meaning = analysis.resolve(expr.func, scopes)
        name = expr.func.value if isinstance(expr.func, cst.Name) else None
        known = meaning in calls or (meaning is None and name in calls
                                            and not analysis.visible_bindings(name, scopes))
        streams = [arg for arg in expr.args if arg.keyword is not None and arg.keyword.value == "file"]
        if known and any(analysis.resolve(arg.value, scopes) not in ("sys.stdout", "sys.stderr") for arg in streams):
            return False  # print(..., file=out) calls out.write(), maybe code of this file (probe round 8, W05)
        return known and all(_plain(analysis, scopes, arg.value, hole, names, calls, depth)
                             for arg in expr.args if arg not in streams)
    if isinstance(expr, (cst.BinaryOperation, cst.BooleanOperation)):
        return _plain(analysis, scopes, expr.left, hole, names, calls, depth) and _plain(analysis, scopes, expr.right, hole, names, calls, depth)
    if isinstance(expr, cst.UnaryOperation):
        return _plain(analysis, scopes, expr.expression, hole, names, calls, depth)
    if isinstance(expr, cst.Comparison):
        if any(isinstance(c.operator, (cst.In, cst.NotIn)) for c in expr.comparisons):
            return False  # `x in g` iterates g, maybe a generator the run returned (probe round 8b, W05)
        return _plain(analysis, scopes, expr.left, hole, names, calls, depth) and all(
            _plain(analysis, scopes, c.comparator, hole, names, calls, depth) for c in expr.comparisons)
    if isinstance(expr, (cst.Tuple, cst.List)):
        return all(_plain(analysis, scopes, e.value, hole, names, calls, depth) for e in expr.elements)
    return False  # a comprehension runs its iterable's code, which may be a generator the run returned (7b, W14)


# How deep calls of this file's inert functions are followed (report() calling summary() calling ...).
_INERT_FUNCTION_DEPTH = 3


def _inert_function(analysis, scopes, call, names, calls, depth) -> bool:
    """`f(...)` calls a function of this module whose body is inert under the same rules: one sync, undecorated
    def at module level that is the only binding of its name anywhere in the file (nothing rebinds or shadows
    it), called without `*`/`**` (its parameters then hold the call's plain arguments or its defaults). Its
    statements run in its own scope and the module's."""
    if depth >= _INERT_FUNCTION_DEPTH or not isinstance(call.func, cst.Name) or OWN_FUNCTIONS not in calls:
        return False
    name = call.func.value
    defs = analysis.module_functions.get(name, [])
    visible = analysis.visible_bindings(name, scopes)
    if len(defs) != 1 or len(analysis.bindings.get(name, ())) != 1 or len(visible) != 1 \
            or visible[0].scope is not analysis.module or analysis.star_modules():
        return False
    function = defs[0]
    if function.asynchronous is not None or function.decorators or not isinstance(function.body, cst.IndentedBlock) \
            or any(arg.star for arg in call.args):
        return False
    inner = (function, analysis.module)
    return all(not_inert(analysis, inner, statement, names=names, calls=calls, depth=depth + 1) is None
               for statement in function.body.body)
