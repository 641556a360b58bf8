"""LS805's unsafe fix (docs/SEMANTICS.md P13, "Unsafe fix (LS805)"), proposed by the asyncio_run transform.

A sync test that runs one coroutine on whatever loop get_event_loop() gives shares that loop with every
other such test of the process, and raises after any asyncio.run() or async test. The fix gives the run
a loop of its own, closed after it (target 3.8+, R3):

    assert asyncio.get_event_loop().run_until_complete(check()) == 1   ->  assert asyncio.run(check()) == 1
    loop = asyncio.get_event_loop()                                     ->  (line removed)
    result = loop.run_until_complete(check())                          ->  result = asyncio.run(check())

Only where the analysis sees nothing the run could share with another run or test: one run per test, of a
call of this file's async def with plain arguments, in a test taking no fixtures, and a file that keeps no
module state and leaves no other sync code on the current loop (after asyncio.run() no loop is current:
such code would then raise). A file with one sync get_event_loop() that does not qualify gets none: it
could run after a proposed test. Everything else keeps LS805 without a proposal.
"""
import re
from dataclasses import dataclass
from typing import Dict, List, Optional

import libcst as cst

from .asyncio_api import INTROSPECTION, LOOP_LIBRARIES, POLICY_TEXT, PRIMITIVES
from .edits import REMOVE, has_comment, replace_nodes
from .loop_patterns import NAMES as LOOP_NAMES, TEST_HOOKS, Facts
from .loop_runs import READS_CURRENT, is_generator, sync_loop_sites, uncertain_runs
from .loop_variable import LoopVariable, assigned_name, only_statement
from .syntax import positional_params
from .test_loops import is_load, owned_sites
from .test_state import constant_line, module_state

CODE = "LS805"
EXPLANATION = (
    "asyncio.run(coro()) for the test's one run (target 3.8+): the run gets a new loop, made current and\n"
    "closed after it. The chained get_event_loop().run_until_complete(c()) becomes asyncio.run(c()); for\n"
    "`loop = get_event_loop()` followed by the one statement that runs it, the line goes. Proposed where the\n"
    "test (a sync test* function, or a method of a plain class without setup hooks) takes no fixtures or\n"
    "parameters, is called by nothing in the file and runs one call of an async def of this file with plain\n"
    "arguments, once, and names no RuntimeError or warning; and where every sync get_event_loop() of the\n"
    "file qualifies, no other sync code reads the current loop, no function reads module state and no\n"
    "policy or loop library is used. Tests unittest_loop owns are never proposed.\n"
    "What may change: (1) the run no longer shares a loop with other tests: objects bound to a loop (tasks,\n"
    "futures, locks, queues, sessions) made by earlier tests, fixtures or other modules fail in it with\n"
    "'attached to a different loop' (or 'bound to a different event loop'), and those it leaves behind fail\n"
    "in later tests the same way or with 'Event loop is closed'; (2) tasks it leaves pending are cancelled\n"
    "at its end, where they stayed pending on the shared loop; async generators are finalised and the\n"
    "default executor joined; (3) afterwards no loop is current (every version): sync code elsewhere that\n"
    "calls get_event_loop() outside a loop (another module's test or fixture, a plugin) raises RuntimeError\n"
    "where it got the shared loop, and a loop other code made current before is left unclosed and no longer\n"
    "current; (4) where get_event_loop() warned (3.12/3.13) or raised (after an asyncio.run() or async test,\n"
    "on 3.14) the test now runs; (5) on 3.11+ the first Ctrl-C in the main thread cancels the run, and\n"
    "KeyboardInterrupt follows only if the coroutine lets the cancellation through (see docs/SEMANTICS.md\n"
    "P13 and R4 in the loopshift repository). Take it when no test or fixture of the suite relies on a loop\n"
    "another one left current.")
DESCRIPTION = ("get_event_loop().run_until_complete() in sync test %s() -> asyncio.run(): a new loop for the "
               "run, closed after it; see loopshift --explain LS805")
# Between the call and the run, or around the run: code that could run more than once, or at another time.
_REPEATS = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp, cst.Lambda,
            cst.FunctionDef, cst.ClassDef)
# In the coroutine call's arguments: code that runs before the run (in another order than before).
_RUNS_CODE = (cst.Call, cst.Await, cst.Yield, cst.Lambda, cst.NamedExpr, cst.ListComp, cst.SetComp, cst.DictComp,
              cst.GeneratorExp, cst.Subscript)
_SITE_NAMES = LOOP_NAMES | READS_CURRENT | PRIMITIVES
# A test that may expect what get_event_loop() did without a loop (the warning on 3.12/3.13, the error):
# it would fail where the run now just runs.
_EXPECTS = re.compile(r"RuntimeError|DeprecationWarning|[Ww]arn")


@dataclass(frozen=True)
class OneRun:
    """One proposal: the get_event_loop() call, the run it becomes asyncio.run(), the line it removes."""
    call: cst.Call
    expr: cst.BaseExpression  # get_event_loop itself (a Name when from-imported)
    run: cst.Call
    removed: Optional[cst.SimpleStatementLine]
    function: cst.FunctionDef
    scopes: tuple  # where the call is, for naming asyncio.run


def propose(module: cst.Module, ctx) -> cst.Module:
    """The module with every sync test's run rewritten (unsafe proposals); the same object when the file
    does not qualify as a whole."""
    if not ctx.unsafe or ctx.target < (3, 8) or POLICY_TEXT.search(ctx.source):
        return module
    facts = Facts.shared(ctx, module)
    analysis = facts.analysis
    if LOOP_LIBRARIES & analysis.imported_modules:
        return module
    sites = [s for s in facts.called_sites("asyncio.get_event_loop") if s.async_extent is None]
    if not sites or not all(ctx.proposes(s.call, CODE) for s in sites):
        return module  # a suppressed site keeps the implicit loop, and may run after a proposed test
    tree = ctx.tree(module)
    if owned_sites(analysis, tree, ctx):
        return module  # unittest_loop's: rewritten safely, or declined there
    names = {assigned_name(facts.up, s.call) for s in sites} - {None}
    variables = ctx.analysis(module, _SITE_NAMES | names)
    runs = [find_run(module, facts, variables, tree, s) for s in sites]
    if None in runs or _shared(variables, tree, runs):
        return module
    return _apply(module, ctx, analysis, runs)


def find_run(module, facts, variables, tree, site) -> Optional[OneRun]:
    """The OneRun for a sync get_event_loop() site, or None when it is not this plain shape in a test
    that qualifies (docs/SEMANTICS.md P13, "Unsafe fix (LS805)")."""
    analysis, frame = facts.analysis, site.frame
    if (site.call.args or frame.kind != "def" or frame.node is not site.extent or analysis.entry_kind(site) is not None
            or facts.loop_set_before(site)):
        return None
    function = frame.node
    if (not _plain_test(facts, frame, function) or _named_elsewhere(tree, function)
            or _EXPECTS.search(module.code_for_node(function))):
        return None
    chained = facts.up(site.call)
    if isinstance(chained, cst.Attribute):  # get_event_loop().run_until_complete(...)
        run = facts.up(chained)
        if (chained.attr.value != "run_until_complete" or not isinstance(run, cst.Call) or run.func is not chained
                or has_comment(chained)):
            return None
        if not _plain_run(variables, tree, run, function):
            return None
        return OneRun(site.call, site.expr, run, None, function, site.frame.scopes())
    return _through_variable(module, facts, variables, tree, site, function)


def _plain_test(facts, frame, function) -> bool:
    """A sync test the runner calls with nothing pytest or a class could have made on the shared loop: an
    undecorated, non-generator `test*` def that is no fixture or thread target, at module level without
    parameters, or in a plain module-level class (no bases, decorators, setup hooks, __init__ or state in
    its body) with `self` alone."""
    if (not function.name.value.startswith("test") or function.decorators or id(function) in facts.fixtures
            or id(function) in facts.thread_targets or is_generator(function)):
        return False
    params = function.params
    others = (params.star_arg, params.kwonly_params, params.star_kwarg, params.posonly_params)
    if any(isinstance(part, cst.Param) or (isinstance(part, (list, tuple)) and part) for part in others):
        return False
    positional = positional_params(params)
    outer = frame.parent
    if outer is not None and outer.kind == "module":
        return not positional
    if outer is None or outer.kind != "class" or outer.parent is None or outer.parent.kind != "module":
        return False
    cls = outer.node
    if cls.bases or cls.keywords or cls.decorators or len(positional) != 1 or positional[0].default is not None:
        return False
    for statement in cls.body.body if isinstance(cls.body, cst.IndentedBlock) else (cls.body,):
        if isinstance(statement, cst.FunctionDef):
            if (statement.name.value in TEST_HOOKS or statement.name.value == "__init__"
                    or id(statement) in facts.fixtures):
                return False
        elif not constant_line(statement):
            return False
    return True


def _named_elsewhere(tree, function) -> bool:
    """The test is called (or handed on) by code of the file, not only by the test runner: a result of its
    run could then reach another run (`client = test_connect()`)."""
    name = function.name.value
    return any((type(node) is cst.Name and node.value == name and node is not function.name and is_load(tree, node))
               or (type(node) is cst.Attribute and node.attr.value == name) for node in tree.nodes)


def _through_variable(module, facts, variables, tree, site, function) -> Optional[OneRun]:
    """`loop = get_event_loop()` as a plain line of the test's body, whose one use is a run on the next
    line (a simple statement: in a compound one, other code could run first)."""
    name = assigned_name(facts.up, site.call)
    line = facts.up(facts.up(site.call))
    if (name is None or only_statement(line) is None or facts.up(line) is not function.body
            or line.trailing_whitespace.comment is not None or variables.bindings_in(name, function) != 1):
        return None
    uses = LoopVariable(variables, tree, name, function).uses
    if (len(uses) != 1 or uses[0].kind != "method" or uses[0].attr != "run_until_complete"
            or has_comment(uses[0].call.func)):
        return None
    run = uses[0].call
    body = function.body.body
    at = body.index(line)
    following = body[at + 1] if at + 1 < len(body) else None
    if only_statement(following) is None or not _holds(tree, following, run):
        return None  # code between the loop and its run ran with the shared loop current
    if INTROSPECTION.search(module.code_for_node(function.body)) or not _plain_run(variables, tree, run, function):
        return None
    return OneRun(site.call, site.expr, run, line, function, site.frame.scopes())


def _plain_run(analysis, tree, run: cst.Call, function) -> bool:
    """One positional argument, a call of this file's async def (asyncio.run() takes coroutines only, R2)
    whose own arguments run no code; the run happens once, directly in the test's body."""
    if uncertain_runs(analysis, [run]):
        return False
    coroutine = run.args[0].value
    if any(isinstance(node, _RUNS_CODE) for arg in coroutine.args for node in _nodes(tree, arg)):
        return False
    node = tree.parent.get(id(run))
    while node is not None and node is not function:
        if isinstance(node, _REPEATS):
            return False
        node = tree.parent.get(id(node))
    return node is function


def _shared(analysis, tree, runs: List[OneRun]) -> bool:
    """Something the proposed runs could share with other runs or tests that the file shows: two runs in
    one test, other sync code reading the current loop (or binding a primitive to it before 3.10), a
    function reading module state, or a global/nonlocal declaration."""
    per_test: Dict[int, int] = {}
    for run in runs:
        per_test[id(run.function)] = per_test.get(id(run.function), 0) + 1
    if any(count > 1 for count in per_test.values()):
        return True
    ours = {id(run.expr) for run in runs}
    if sync_loop_sites(analysis, READS_CURRENT | PRIMITIVES, skip=ours):
        return True
    stateful = module_state(analysis)
    for node in tree.nodes:
        if isinstance(node, (cst.Global, cst.Nonlocal)):
            return True
        if (type(node) is cst.Name and node.value in stateful and is_load(tree, node)
                and _in_function(tree, node)):
            return True
    return False


def _in_function(tree, node) -> bool:
    node = tree.parent.get(id(node))
    while node is not None and not isinstance(node, (cst.FunctionDef, cst.Lambda)):
        node = tree.parent.get(id(node))
    return node is not None


def _holds(tree, outer, node) -> bool:
    a, b = tree.span[id(node)], tree.span[id(outer)]
    return b[0] <= a[0] and a[1] <= b[1]


def _nodes(tree, node) -> list:
    start, end = tree.span[id(node)]
    return tree.nodes[start:end]


def _apply(module, ctx, analysis, runs: List[OneRun]) -> cst.Module:
    snapshot = ctx.imports.snapshot()
    mapping = {}
    for test in runs:
        name = ctx.imports.reach(analysis, "asyncio", "run", test.expr, test.scopes)
        if name is None:
            ctx.imports.restore(snapshot)
            return module  # asyncio.run cannot be named here: this site would keep the implicit loop
        mapping[id(test.run)] = test.run.with_changes(func=name)
        if test.removed is not None:
            mapping[id(test.removed)] = REMOVE
        if isinstance(test.expr, cst.Name):
            ctx.imports.unused(analysis, test.expr)  # `from asyncio import get_event_loop` may go
    for test in runs:
        ctx.record_change(test.call, DESCRIPTION % test.function.name.value, applicability="unsafe", code=CODE)
    return replace_nodes(module, mapping)
