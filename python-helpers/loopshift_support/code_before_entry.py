"""This file's own code that runs before an entry site, and whether it may call project code
(docs/SEMANTICS.md P3f, "Import time", the file's own calls).

A project module imported here may use the loop in a function; that function can only run before the
site if code that runs earlier calls it. The driver's `callsAtImportHere` says the file's import-time code
calls something somewhere; this finds whether any of it runs *before* the site, in execution order: for
a site at module level (a script-only module, a main guard), every statement before the site's; for a
site in the entry function, every statement before its one call S, what S evaluates before the call, and
the function's own statements before the site. Code after the site cannot change what get_event_loop()
found.

"May call project code", on the conservative side: a call of anything but the harmless callees of
src/import-time.ts (one list: HARMLESS_CALLS, kept equal to that one by test/project-effects.test.ts) with
plain arguments; a decorator, a default value or an annotation that does; a class with a base that is not
plain, a keyword (metaclass=), or a body binding values that are not plain (`__set_name__`); a `with`
(its manager's `__enter__`), a comprehension, `del`, `match`; an operator, truth test, subscript or
attribute read on a value that is not plain (its type's hooks run). A plain value is a constant, a
builtin, `__file__`/`__name__`, a name bound only by the import of a standard-library module (or a
name from one), a module-level name bound once to a plain value, or what attributes, subscripts,
operators and harmless calls make of plain values. Imports themselves count as nothing: a project
module's own import-time code is its own facts (`callsAtImport`, `loopAtImport`: project_effects.py).
"""
import builtins
from typing import Optional

import libcst as cst

from .code_text import short_text
from .syntax import dotted_parts

# The callees src/import-time.ts HARMLESS lists, spelled the same (test/project-effects.test.ts compares
# them): builtins and standard-library helpers that call no project code. Here a dotted name must resolve
# through this file's imports, and a bare one must be an unshadowed builtin.
HARMLESS_CALLS = frozenset("""
    dict set frozenset list tuple object range len str int float bool bytes bytearray
    isinstance issubclass getattr hasattr type super property staticmethod classmethod repr
    sorted min max any all zip enumerate map filter iter reversed abs round hash
    id ord chr divmod pow slice NotImplementedError ValueError TypeError RuntimeError
    logging.getLogger getLogger collections.namedtuple namedtuple collections.defaultdict defaultdict
    collections.OrderedDict OrderedDict collections.deque deque typing.TypeVar TypeVar typing.NewType
    NewType typing.NamedTuple NamedTuple typing.cast cast typing.overload overload TypedDict
    re.compile os.getenv os.environ.get os.path.join os.path.dirname os.path.abspath os.path.basename
    os.path.realpath os.path.expanduser functools.partial partial functools.lru_cache lru_cache
    functools.wraps wraps functools.total_ordering total_ordering dataclass dataclasses.dataclass
    field dataclasses.field enum.auto auto enum.unique unique abc.abstractmethod abstractmethod
    contextlib.contextmanager contextmanager contextlib.asynccontextmanager asynccontextmanager
    asyncio.coroutine types.coroutine struct.Struct struct.calcsize threading.Lock threading.RLock
    threading.local contextvars.ContextVar ContextVar weakref.WeakValueDictionary weakref.WeakKeyDictionary
    weakref.WeakSet WeakValueDictionary WeakKeyDictionary WeakSet datetime.timedelta timedelta
    warnings.warn warnings.filterwarnings warnings.simplefilter sys.version_info platform.system
    functools.cached_property cached_property typing.final final typing.runtime_checkable runtime_checkable
    sys.path.insert sys.path.append os.path.normpath os.path.exists os.path.isdir os.path.isfile
    os.path.split os.path.splitext os.getcwd os.environ.setdefault logging.basicConfig
    itertools.count itertools.chain itertools.cycle collections.Counter time.time time.monotonic
    threading.Event queue.Queue uuid.uuid4
""".split())
# Harmless in another module's text scan, but here before a site: warnings.warn() calls
# warnings.showwarning, which a project module may have replaced by a plain assignment at import.
_HOOKED = frozenset({"warnings.warn"})
_MODULE_NAMES = frozenset({"__file__", "__name__", "__doc__"})
# Attributes of standard-library objects that may hold project objects (a module, a replaced stream or hook).
_HOLDERS = frozenset({"modules", "meta_path", "path_hooks", "path_importer_cache", "stdin", "stdout", "stderr",
                      "displayhook", "excepthook", "breakpointhook", "showwarning", "formatwarning", "__dict__",
                      "__builtins__", "__globals__", "__class__", "__self__", "__func__", "__wrapped__"})
_DEPTH = 8  # how far a module-level name's value is followed


class _Found(Exception):
    """Raised with the code that may call project code: the walk stops at the first one."""


def code_before_site(lc, entry, site) -> Optional[str]:
    """This file's code that runs before the entry site and may call project code, as a short text for a
    message, or None when none does. `entry` is lc.entry(site)'s."""
    walk = _Walk(lc)
    try:
        if entry.fn is None:
            walk.before(site.call, lc.module)
        elif entry.call is None:
            return "the entry function's call"
        else:
            walk.before(entry.call, lc.module)
            walk.before(site.call, entry.fn)
    except _Found as found:
        return found.args[0]
    return None


class _Walk:
    def __init__(self, lc):
        self.lc = lc
        self.analysis = lc.analysis
        # The standard library, less what is project code here: a project module named like a standard one (a
        # local `logging.py`), logging when the project hooks it (loop_lifecycle._Facts.standard).
        self.standard = lc.facts.standard
        self.assigned = {}  # module-level name -> its one `name = value` statement's value
        for line in lc.module.body:
            if isinstance(line, cst.SimpleStatementLine):
                for small in line.body:
                    if isinstance(small, cst.Assign) and len(small.targets) == 1 \
                            and isinstance(small.targets[0].target, cst.Name):
                        self.assigned.setdefault(small.targets[0].target.value, []).append(small.value)

    @staticmethod
    def found(node):
        raise _Found(short_text(node))

    # -- what runs before `anchor` (a call) inside `top` (the module, or the entry function) -----------
    def before(self, anchor, top) -> None:
        holder = top if isinstance(top, cst.Module) else top.body  # what the statements' parent is
        chain = [anchor]  # anchor and its ancestors, up to the statement of that block that holds it
        while chain[-1] is not None and self.lc.parent(chain[-1]) is not holder:
            chain.append(self.lc.parent(chain[-1]))
        if chain[-1] is None:
            self.found(anchor)  # not in that block: an order this walk does not follow
        self._statements_before(holder.body, chain[-1])
        for outer, inner in zip(reversed(chain[1:]), reversed(chain[:-1])):
            self._part_before(outer, inner)
        self._call_itself(anchor)

    def _statements_before(self, statements, holder, small=False) -> None:
        for statement in statements:
            if statement is holder:
                return
            if small:
                self.small(statement, False)
            else:
                self.statement(statement)
        self.found(holder)

    def _part_before(self, node, child) -> None:
        """What of `node` runs before its part `child` (which holds the anchor)."""
        if isinstance(node, cst.IndentedBlock):
            self._statements_before(node.body, child)
        elif isinstance(node, cst.SimpleStatementLine):
            self._statements_before(node.body, child, small=True)
        elif isinstance(node, cst.If):
            self.truth(node.test)
            if child is node.orelse:
                self.block(node.body)  # the branch not taken may have run nothing; counted anyway
        elif isinstance(node, cst.Else):
            pass
        elif isinstance(node, (cst.Try, getattr(cst, "TryStar", cst.Try))):
            if child is not node.body:
                self.block(node.body)
                for handler in node.handlers:
                    if handler is child:
                        break
                    self.handler(handler)
                if child is node.finalbody and node.orelse is not None:
                    self.block(node.orelse.body)
        elif isinstance(node, cst.ExceptHandler):
            if node.type is not None:
                self.expression(node.type)
        elif isinstance(node, cst.Finally):
            pass
        elif isinstance(node, cst.With):
            for item in node.items:
                self.manager(item)
        elif isinstance(node, cst.Expr) or (isinstance(node, (cst.Assign, cst.AnnAssign)) and child is node.value):
            pass  # targets and annotations are evaluated after the value
        elif isinstance(node, cst.Raise) and child is node.exc:
            pass
        elif isinstance(node, cst.Attribute) and child is node.value:
            pass
        elif isinstance(node, cst.Arg) and child is node.value:
            pass
        elif isinstance(node, cst.Call):
            if child is not node.func:  # an argument: the callee and the earlier arguments ran first
                self.expression(node.func)
                for arg in node.args:
                    if arg is child:
                        break
                    self.argument(arg)
        else:
            self.found(node)

    def _call_itself(self, call) -> None:
        """The anchor call: its callee and arguments are evaluated before it runs."""
        self.expression(call.func)
        for arg in call.args:
            self.expression(arg.value)

    # -- statements ---------------------------------------------------------------------------------
    def block(self, block, in_class=False) -> None:
        body = block.body
        for statement in body if isinstance(body, (list, tuple)) else [body]:
            self.statement(statement, in_class)

    def statement(self, node, in_class=False) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self.small(small, in_class)
        elif isinstance(node, cst.FunctionDef):
            self.function_header(node)
        elif isinstance(node, cst.ClassDef):
            self.class_def(node)
        elif isinstance(node, cst.If):
            self.truth(node.test)
            self.block(node.body, in_class)
            if node.orelse is not None:
                if isinstance(node.orelse, cst.If):
                    self.statement(node.orelse, in_class)
                else:
                    self.block(node.orelse.body, in_class)
        elif isinstance(node, (cst.Try, getattr(cst, "TryStar", cst.Try))):
            self.block(node.body, in_class)
            for handler in node.handlers:
                self.handler(handler, in_class)
            for part in (node.orelse, node.finalbody):
                if part is not None:
                    self.block(part.body, in_class)
        elif isinstance(node, cst.For) and node.asynchronous is None:
            self.plain(node.iter)
            self.target(node.target)
            self.block(node.body, in_class)
            if node.orelse is not None:
                self.block(node.orelse.body, in_class)
        elif isinstance(node, cst.While):
            self.truth(node.test)
            self.block(node.body, in_class)
            if node.orelse is not None:
                self.block(node.orelse.body, in_class)
        elif isinstance(node, cst.With):
            self.manager(node.items[0])
        else:
            self.found(node)  # match, async statements

    def handler(self, handler, in_class=False) -> None:
        if handler.type is not None:
            self.expression(handler.type)
        self.block(handler.body, in_class)

    def manager(self, item) -> None:
        self.found(item.item)  # entering any manager runs its __enter__: counted, whatever it is

    def small(self, node, in_class) -> None:
        if isinstance(node, (cst.Pass, cst.Global, cst.Nonlocal, cst.Break, cst.Continue, cst.Import)):
            return
        if isinstance(node, cst.ImportFrom):
            if in_class:
                self.found(node)  # binds objects of another module in a class body: their __set_name__ runs
            return
        if isinstance(node, cst.Expr):
            self.expression(node.value)
        elif isinstance(node, cst.Assign):
            self.value(node.value, in_class)
            for target in node.targets:
                self.target(target.target, node.value)
        elif isinstance(node, cst.AnnAssign):
            self.expression(node.annotation.annotation)
            if node.value is not None:
                self.value(node.value, in_class)
            self.target(node.target)
        elif isinstance(node, cst.AugAssign):
            self.plain(node.target)
            self.plain(node.value)
        elif isinstance(node, cst.Assert):
            self.truth(node.test)
            if node.msg is not None:
                self.expression(node.msg)
        else:
            self.found(node)  # del (a finalizer), raise, return, ...

    def value(self, value, in_class) -> None:
        if in_class:
            self.plain(value)  # every value a class body binds is asked for __set_name__ when the class is made
        else:
            self.expression(value)

    def target(self, target, value=None) -> None:
        if isinstance(target, cst.Name):
            return
        if isinstance(target, (cst.Tuple, cst.List)):
            if value is not None:
                self.plain(value)  # unpacking iterates the value
            for element in target.elements:
                self.target(element.value)
        elif isinstance(target, cst.Attribute):
            self.plain(target.value)  # its type's __setattr__ or a descriptor runs
        elif isinstance(target, cst.Subscript):
            self.plain(target.value)
            self.subscript(target)
        else:
            self.found(target)

    def function_header(self, node) -> None:
        """A def statement runs its decorators, default values and annotations, not its body."""
        for decorator in node.decorators:
            self.decorator(decorator.decorator)
        self.parameters(node.params)
        if node.returns is not None:
            self.expression(node.returns.annotation)

    def parameters(self, params) -> None:
        for param in [*params.posonly_params, *params.params, *params.kwonly_params]:
            if param.default is not None:
                self.expression(param.default)
            if param.annotation is not None:
                self.expression(param.annotation.annotation)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param) and star.annotation is not None:
                self.expression(star.annotation.annotation)

    def decorator(self, expr) -> None:
        callee = expr.func if isinstance(expr, cst.Call) else expr
        if not self.harmless(callee):
            self.found(expr)
        if isinstance(expr, cst.Call):
            self.arguments(expr)

    def class_def(self, node) -> None:
        for decorator in node.decorators:
            self.decorator(decorator.decorator)
        if node.keywords:
            self.found(node.keywords[0])  # metaclass=, or arguments for __init_subclass__
        for base in node.bases:
            if base.star or not (self.is_plain(base.value) or self.local_plain_class(base.value, set())):
                self.found(base)  # its __init_subclass__ or metaclass runs
        for statement in node.body.body if isinstance(node.body, cst.IndentedBlock) else [node.body]:
            self.statement(statement, in_class=True)

    def local_plain_class(self, expr, seen) -> bool:
        """A class of this file, bound once at module level, whose creation runs no hook of a base."""
        if not isinstance(expr, cst.Name) or expr.value in seen:
            return False
        seen.add(expr.value)
        defs = [d for d in self.lc.facts.defs.get(expr.value, ()) if self.lc.parent(d) is self.lc.module]
        if len(defs) != 1 or not isinstance(defs[0], cst.ClassDef) \
                or self.analysis.bindings_in(expr.value, self.lc.module) != 1:
            return False
        node = defs[0]
        return not node.keywords and not node.decorators and all(
            not base.star and (self.is_plain(base.value) or self.local_plain_class(base.value, seen))
            for base in node.bases) and not any(
            isinstance(s, cst.FunctionDef) and s.name.value in ("__init_subclass__", "__class_getitem__")
            for s in (node.body.body if isinstance(node.body, cst.IndentedBlock) else ()))

    # -- expressions --------------------------------------------------------------------------------
    def truth(self, expr) -> None:
        self.plain(expr)  # a truth test calls __bool__ or __len__

    def plain(self, expr) -> None:
        """Evaluating expr runs no project code, and its value is plain (operations on it neither)."""
        if not self.is_plain(expr):
            self.found(expr)
        self.expression(expr)

    def expression(self, expr) -> None:
        """Evaluating expr runs no project code (its value may still be anything: a name's)."""
        if isinstance(expr, (cst.Name, cst.BaseNumber, cst.SimpleString, cst.Ellipsis)):
            return
        if isinstance(expr, cst.ConcatenatedString):
            self.expression(expr.left)
            self.expression(expr.right)
        elif isinstance(expr, cst.FormattedString):
            for value in _formatted(expr):
                self.plain(value)  # format() calls its __format__
        elif isinstance(expr, cst.Attribute):
            self.plain(expr.value)
        elif isinstance(expr, cst.Subscript):
            self.plain(expr.value)
            self.subscript(expr)
        elif isinstance(expr, cst.Call):
            if not self.harmless(expr.func):
                self.found(expr)
            self.arguments(expr)
        elif isinstance(expr, (cst.BinaryOperation, cst.BooleanOperation)):
            self.plain(expr.left)
            self.plain(expr.right)
        elif isinstance(expr, cst.UnaryOperation):
            self.plain(expr.expression)
        elif isinstance(expr, cst.Comparison):
            self.plain(expr.left)
            for comparison in expr.comparisons:
                self.plain(comparison.comparator)
        elif isinstance(expr, cst.IfExp):
            self.truth(expr.test)
            self.expression(expr.body)
            self.expression(expr.orelse)
        elif isinstance(expr, (cst.Tuple, cst.List)):
            for element in expr.elements:
                (self.plain if isinstance(element, cst.StarredElement) else self.expression)(element.value)
        elif isinstance(expr, cst.Set):
            for element in expr.elements:
                self.plain(element.value)  # hashed
        elif isinstance(expr, cst.Dict):
            for element in expr.elements:
                if isinstance(element, cst.DictElement):
                    self.plain(element.key)
                    self.expression(element.value)
                else:
                    self.plain(element.value)
        elif isinstance(expr, cst.Lambda):
            self.parameters(expr.params)  # its body runs when called, which is a call counted where made
        elif isinstance(expr, cst.NamedExpr):
            self.expression(expr.value)
        else:
            self.found(expr)  # comprehensions, await, yield, anything else

    def subscript(self, node) -> None:
        for element in node.slice:
            index = element.slice
            if isinstance(index, cst.Index):
                self.plain(index.value)
            else:
                for part in (index.lower, index.upper, index.step):
                    if part is not None:
                        self.plain(part)

    def arguments(self, call) -> None:
        for arg in call.args:
            self.argument(arg)

    def argument(self, arg) -> None:
        self.plain(arg.value)  # a harmless callee may still call its arguments' hooks (len, str, iteration)

    def harmless(self, callee) -> bool:
        """A callee of HARMLESS_CALLS: an unshadowed builtin, or a name that resolves through imports of the
        standard library to a dotted one of the list."""
        parts = dotted_parts(callee)
        if parts is None:
            return False
        scopes = self.lc._scopes_of(callee)
        if len(parts) == 1 and not self.analysis.visible_bindings(parts[0], scopes):
            return parts[0] in HARMLESS_CALLS and self.builtin(parts[0], scopes)
        meaning = self.analysis.resolve(callee, scopes)
        return (isinstance(meaning, str) and "." in meaning and meaning in HARMLESS_CALLS and meaning not in _HOOKED
                and self.stdlib_name(parts[0], scopes))

    def builtin(self, name, scopes) -> bool:
        """An unshadowed builtin: nothing binds it, and no star import may."""
        return (hasattr(builtins, name) and not self.analysis.visible_bindings(name, scopes)
                and not self.analysis.star_modules(scopes))

    def stdlib_name(self, name, scopes) -> bool:
        """Every binding `name` may have here is an import from the standard library (not a project module)."""
        visible = self.analysis.visible_bindings(name, scopes)
        return bool(visible) and all(
            isinstance(b.qualname, str) and b.qualname.split(".")[0] in self.standard for b in visible)

    def is_plain(self, expr, depth=0) -> bool:
        """The value holds nothing of the project: operations on it run only standard-library code."""
        if isinstance(expr, (cst.BaseNumber, cst.SimpleString, cst.Ellipsis)):
            return True
        if isinstance(expr, cst.ConcatenatedString):
            return self.is_plain(expr.left, depth) and self.is_plain(expr.right, depth)
        if isinstance(expr, cst.FormattedString):
            return all(self.is_plain(value, depth) for value in _formatted(expr))
        if isinstance(expr, cst.Name):
            return self.plain_name(expr, depth)
        if isinstance(expr, cst.Attribute):
            return expr.attr.value not in _HOLDERS and self.is_plain(expr.value, depth)
        if isinstance(expr, cst.Subscript):
            return self.is_plain(expr.value, depth) and all(
                self.is_plain(e.slice.value, depth) if isinstance(e.slice, cst.Index) else all(
                    p is None or self.is_plain(p, depth) for p in (e.slice.lower, e.slice.upper, e.slice.step))
                for e in expr.slice)
        if isinstance(expr, cst.Call):
            return self.harmless(expr.func) and all(self.is_plain(a.value, depth) for a in expr.args)
        if isinstance(expr, (cst.BinaryOperation, cst.BooleanOperation)):
            return self.is_plain(expr.left, depth) and self.is_plain(expr.right, depth)
        if isinstance(expr, cst.UnaryOperation):
            return self.is_plain(expr.expression, depth)
        if isinstance(expr, cst.Comparison):
            return self.is_plain(expr.left, depth) and all(self.is_plain(c.comparator, depth) for c in expr.comparisons)
        if isinstance(expr, cst.IfExp):
            return all(self.is_plain(e, depth) for e in (expr.test, expr.body, expr.orelse))
        if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
            return all(self.is_plain(e.value, depth) for e in expr.elements)
        if isinstance(expr, cst.Dict):
            return all(self.is_plain(e.value, depth) and (not isinstance(e, cst.DictElement) or self.is_plain(e.key, depth))
                       for e in expr.elements)
        return False  # a function, a class, a comprehension: calling or iterating it runs code

    def plain_name(self, expr, depth) -> bool:
        name = expr.value
        scopes = self.lc._scopes_of(expr)
        visible = self.analysis.visible_bindings(name, scopes)
        if not visible:
            return (name in _MODULE_NAMES or self.builtin(name, scopes)) and not self.analysis.star_modules(scopes)
        if self.stdlib_name(name, scopes):
            return True
        values = self.assigned.get(name, [])
        # A module-level name bound once, by `name = <plain value>`.
        return (depth < _DEPTH and len(visible) == 1 and visible[0].scope is self.lc.module and len(values) == 1
                and self.analysis.bindings_in(name, self.lc.module) == 1 and self.is_plain(values[0], depth + 1))


def _formatted(node):
    """The expressions an f-string formats, those in its format specs (`{x:{width}}`) too."""
    for part in node.parts:
        if isinstance(part, cst.FormattedStringExpression):
            yield part.expression
            for spec in part.format_spec or ():
                if isinstance(spec, cst.FormattedStringExpression):
                    yield from _formatted(cst.FormattedString(parts=[spec]))
