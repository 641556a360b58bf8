"""Analysis for the loop_factory transform (docs/SEMANTICS.md P9): where an entry-point asyncio.run()
sits, which statement sets the event loop policy right before it, what names the loop factory, and
whether anything else in the file could depend on the global policy (or on asyncio.run() having
called set_event_loop, R1)."""
from typing import List, NamedTuple, Optional

import libcst as cst

from .analysis import Ambiguous, FileAnalysis
from .asyncio_api import (CHILD_WATCHER_FUNCTIONS, CONCURRENCY_MODULES, IMPLICIT_LOOP_FUNCTIONS, LOOP_CLASS_POLICIES,
                          POLICY_FUNCTIONS, POLICY_REACHING_METHODS, USES_GLOBAL_POLICY, UVLOOP_INSTALL, UVLOOP_RUN,
                          WINDOWS_POLICIES_MODULE, qualified)
from .walk import walk

# Policies that only choose the loop class -> (module, loop factory attribute).
KNOWN_POLICIES = LOOP_CLASS_POLICIES
# Terminal names whose sites the transform inspects.
NAMES = frozenset({
    "run", "Runner", "install", "new_event_loop", "set_event_loop", "get_event_loop", "to_thread",
    "run_coroutine_threadsafe", "create_subprocess_exec", "create_subprocess_shell", "ensure_future",
    "Future", "gather", "shield", "wrap_future"} | POLICY_FUNCTIONS | CHILD_WATCHER_FUNCTIONS
    | POLICY_REACHING_METHODS)
# Code that uses the global policy (a loop, a watcher, a thread's loop): the policy must stay set.
_RELIES = USES_GLOBAL_POLICY | {UVLOOP_INSTALL, UVLOOP_RUN}
_LOOP_METHODS = POLICY_REACHING_METHODS
# Calls that fall back to get_event_loop() when no loop runs: they see the loop asyncio.run() set.
_IMPLICIT = qualified(IMPLICIT_LOOP_FUNCTIONS | {"Future"})
# Threads and re-entrant loops see the global policy too.
_CONCURRENCY_MODULES = CONCURRENCY_MODULES | {"nest_asyncio"}


def canonical_policy(qualname: str) -> str:
    module, _, name = qualname.rpartition(".")
    if module == WINDOWS_POLICIES_MODULE:
        return "asyncio." + name
    return qualname


class Policy:
    """A statement that sets the policy: `set_event_loop_policy(X())` or `uvloop.install()`,
    possibly alone under `if <test>:`."""

    def __init__(self, statement, call, known, described, test=None, class_expr=None):
        self.statement = statement    # the SimpleStatementLine or If to remove
        self.call = call              # the set_event_loop_policy()/install() Call (diagnostics anchor)
        self.known = known            # (module, factory attribute) or None
        self.described = described    # source text of the policy, for messages
        self.test = test              # the If test, or None
        self.class_expr = class_expr  # the policy class expression, when one is named
        self.has_else = False         # the If has an else/elif branch


def policy_statement(statement, analysis: FileAnalysis, scopes, module: cst.Module) -> Optional[Policy]:
    if isinstance(statement, cst.If):
        body = statement.body.body if isinstance(statement.body, cst.IndentedBlock) else ()
        inner = policy_statement(body[0], analysis, scopes, module) if len(body) == 1 else None
        if inner is None or inner.test is not None:
            return None
        inner.statement, inner.test, inner.has_else = statement, statement.test, statement.orelse is not None
        return inner
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return None
    expr = statement.body[0]
    if not isinstance(expr, cst.Expr) or not isinstance(expr.value, cst.Call):
        return None
    call = expr.value
    meaning = analysis.resolve(call.func, scopes)
    if meaning == "uvloop.install":
        return Policy(statement, call, KNOWN_POLICIES["uvloop.EventLoopPolicy"] if not call.args else None,
                      module.code_for_node(call))
    if meaning != "asyncio.set_event_loop_policy":
        return None
    described = module.code_for_node(call.args[0].value) if call.args else "None"
    arg = call.args[0].value if len(call.args) == 1 and not call.args[0].keyword and not call.args[0].star else None
    if not isinstance(arg, cst.Call) or arg.args:
        return Policy(statement, call, None, described)
    policy = analysis.resolve(arg.func, scopes)
    stars = set(analysis.star_modules(scopes))
    if policy is None and isinstance(arg.func, cst.Name) and not analysis.bindings.get(arg.func.value) \
            and stars == {"asyncio"}:
        policy = "asyncio." + arg.func.value  # `from asyncio import *` brings the policy classes too
    known = KNOWN_POLICIES.get(canonical_policy(policy)) if isinstance(policy, str) else None
    return Policy(statement, call, known, described, class_expr=arg.func)


def entry_statement(site, parents, analysis: FileAnalysis) -> Optional[tuple]:
    """(block statements, index of the statement holding the run, the run's line) when the run is a
    statement of the main guard's or entry function's block, possibly inside `try:` bodies whose
    earlier statements are inert."""
    line = parents.get(id(site.call))
    while line is not None and not isinstance(line, cst.BaseStatement):
        line = parents.get(id(line))
    if not isinstance(line, cst.SimpleStatementLine):
        return None
    node = line
    while True:
        block = parents.get(id(node))
        if isinstance(block, cst.Module):  # a script-only module's top level (docs/SEMANTICS.md P3c)
            index = next(i for i, statement in enumerate(block.body) if statement is node)
            return (block.body, index, line) if node is line and analysis.entry_block(block) else None
        owner = parents.get(id(block))
        if not isinstance(block, cst.IndentedBlock) or owner is None:
            return None
        index = next(i for i, statement in enumerate(block.body) if statement is node)
        if isinstance(owner, cst.Try) and owner.body is block:
            if not all(is_inert(statement) for statement in block.body[:index]):
                return None
            node = owner
            continue
        entry = owner is site.frame.node or (isinstance(owner, cst.If) and owner in analysis.main_guards)
        return (block.body, index, line) if entry and owner.body is block else None


def policy_before(statements, analysis: FileAnalysis, scopes, module: cst.Module):
    """(the last Policy among `statements`, whether a statement that is not inert follows it), or
    (None, ...) when none sets the policy."""
    policy, between = None, False
    for statement in reversed(statements):
        policy = policy_statement(statement, analysis, scopes, module)
        if policy is not None:
            break
        between = between or not is_inert(statement)
    return policy, between


def plain_run(call) -> bool:
    """asyncio.run(coro) or asyncio.run(coro, debug=...): nothing the rewrite could not carry."""
    if not call.args or call.args[0].keyword is not None or call.args[0].star:
        return False
    return all(arg.keyword is not None and arg.keyword.value == "debug" and not arg.star for arg in call.args[1:])


def whole_statement(line, call) -> bool:
    """The line is just the run, alone or assigned to plain names: a with-block can hold it."""
    statement = line.body[0]
    return len(line.body) == 1 and (
        (isinstance(statement, cst.Expr) and statement.value is call)
        or (isinstance(statement, cst.Assign) and statement.value is call
            and all(isinstance(t.target, cst.Name) for t in statement.targets)))


def name_for(analysis: FileAnalysis, scopes, module_name: str, attr: str) -> Optional[str]:
    """An expression naming module_name.attr where `scopes` can see it, through the names the file
    already binds (no import is added), or None."""
    for local in analysis.local_names_for(module_name):
        if analysis.resolve_name(local, scopes) == module_name:
            return local + "." + attr
    for local in analysis.local_names_for(module_name + "." + attr):
        if analysis.resolve_name(local, scopes) == module_name + "." + attr:
            return local
    return None


class _Finder(cst.CSTVisitor):
    SKIP_TRIVIA = True  # walk() need not enter whitespace and punctuation

    def __init__(self, wanted):
        super().__init__()
        self.wanted, self.found = wanted, False

    def on_visit(self, node) -> bool:
        self.found = self.found or self.wanted(node)
        return not self.found


def _finds(tree, wanted) -> bool:
    finder = _Finder(wanted)
    walk(tree, finder)
    return finder.found


_ACTIVE = (cst.Call, cst.Import, cst.ImportFrom, cst.ClassDef, cst.With, cst.For, cst.While, cst.Await,
           cst.Yield, cst.Decorator, cst.Del)


def is_inert(statement) -> bool:
    """No call, import, class body, context manager, loop or del: cannot reach the policy."""
    return not _finds(statement, lambda node: isinstance(node, _ACTIVE))


def contains(tree, node) -> bool:
    return _finds(tree, lambda candidate: candidate is node)


class _Loads(cst.CSTVisitor):
    def __init__(self):
        super().__init__()
        self.names: List[str] = []

    def visit_Attribute(self, node) -> bool:
        walk(node.value, self)
        return False  # `x.attr`: only x is loaded

    def visit_Arg(self, node) -> bool:
        walk(node.value, self)
        return False  # a keyword is not a load

    def visit_Name(self, node) -> None:
        self.names.append(node.value)


def loaded_names(node) -> List[str]:
    """Identifiers loaded in node, once per load (to compare with FileAnalysis.name_loads)."""
    loads = _Loads()
    walk(node, loads)
    return loads.names


def is_platform_test(test, analysis: FileAnalysis, scopes) -> bool:
    """`sys.platform == "win32"`, `os.name != "nt"`, `sys.platform.startswith("win")`, and not/and/or
    of those: constant for the process, so evaluating it later gives the same answer."""
    def platform(expr):
        return analysis.resolve(expr, scopes) in ("sys.platform", "os.name")

    def strings(expr):
        if isinstance(expr, (cst.Tuple, cst.List)):
            return all(isinstance(e.value, cst.SimpleString) for e in expr.elements)
        return isinstance(expr, cst.SimpleString)

    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return is_platform_test(test.expression, analysis, scopes)
    if isinstance(test, cst.BooleanOperation):
        return is_platform_test(test.left, analysis, scopes) and is_platform_test(test.right, analysis, scopes)
    if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
        target = test.comparisons[0]
        return (isinstance(target.operator, (cst.Equal, cst.NotEqual, cst.In, cst.NotIn))
                and ((platform(test.left) and strings(target.comparator))
                     or (strings(test.left) and platform(target.comparator))))
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Attribute):
        return (test.func.attr.value in ("startswith", "endswith") and platform(test.func.value)
                and len(test.args) == 1 and not test.args[0].keyword and strings(test.args[0].value))
    return False


class Reliance(NamedTuple):
    """Something in the file that needs the global policy kept (`on` "policy") or the loop asyncio.run()
    sets as current (`on` "current loop"); `what` says what, for messages."""
    on: str
    what: str


def reliance(analysis: FileAnalysis, skip_ids) -> Optional[Reliance]:
    """The first thing in the file that may rely on the global policy or on asyncio.run() having set the
    current loop; None when nothing does."""
    used = sorted(_CONCURRENCY_MODULES & analysis.imported_modules)
    if used:
        return Reliance("policy", "this file uses %s" % used[0])
    for site in analysis.sites:
        if id(site.expr) in skip_ids:
            continue
        if isinstance(site.expr, cst.Attribute) and site.terminal in _LOOP_METHODS:
            return Reliance("policy", "this file calls .%s()" % site.terminal)
        meaning = analysis.resolve(site.expr, site.frame.scopes())
        if isinstance(meaning, Ambiguous):
            if any(q and q.split(".")[0] in ("asyncio", "uvloop") for q in meaning.qualnames):
                return Reliance("policy", "'%s' may be asyncio's here" % meaning.name)
            continue
        if meaning in ("asyncio.run", "asyncio.set_event_loop_policy", "uvloop.install"):
            return Reliance("policy", "this file has another %s()" % meaning)
        if meaning in _RELIES:
            return Reliance("policy", "this file also uses %s" % meaning)
        if meaning in _IMPLICIT and not (site.call is not None and site.in_coroutine_body):
            if meaning == "asyncio.get_event_loop" or site.call is not None:
                return Reliance("current loop", "%s() outside a coroutine" % meaning)
    return None
