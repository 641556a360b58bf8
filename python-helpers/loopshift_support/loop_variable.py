"""The loop variable (docs/SEMANTICS.md P3a, P3b, P6, P11): `name = <creation>()` and what each load of
the name does in the scope that binds it - runs the loop, sets it current, closes it, calls another
method, hands it on - and which statement holds it. One model, read by asyncio_run and explicit_loop
(through Lifecycle's RunShape below: the one-run shape), runner (several runs, then close) and
close_loop (a loop never closed; what may escape with values made on it is loop_escape.py).
Everything here only reads the tree; parents come from the shared TreeIndex (ctx.tree).
"""
from typing import List, Optional, Tuple

import libcst as cst

# Where a statement pattern may live: a block, or the module itself (script-only code, docs/SEMANTICS.md
# P3c); whether that place is entry code is the transforms' question (analysis.entry_block).
STATEMENT_BLOCKS = (cst.IndentedBlock, cst.Module)

from .syntax import dotted_parts


class Use:
    """What a load of the loop variable does: `loop.m(...)` ("method"), `loop.m` handed to a call
    ("bound-method-arg"), another `loop.m` ("attribute"), `f(loop)` ("argument"; `keyword` when passed
    by name), or "other". `call` is the method call or the call the loop is handed to; `line` the
    one-statement line, directly in an indented block, that is exactly that call (else None)."""
    __slots__ = ("site", "kind", "attr", "call", "keyword", "line")

    def __init__(self, site, kind, attr=None, call=None, keyword=False, line=None):
        self.site, self.kind, self.attr, self.call, self.keyword, self.line = site, kind, attr, call, keyword, line


class LoopVariable:
    """The variable `name` bound in `scope` (a def or the module) and every load of it there, wherever
    it runs (nested frames too), in source order. `sites`: the candidate sites when the caller has
    them by name already (default: all of the analysis')."""

    def __init__(self, analysis, tree, name: str, scope, sites=None):
        self.analysis, self.tree, self.name, self.scope = analysis, tree, name, scope
        self.uses: List[Use] = [self._use(site) for site in loads_of(analysis, name, scope, sites)]

    def parent(self, node):
        return self.tree.parent.get(id(node))

    def runs(self) -> List[Use]:
        return [use for use in self.uses if use.kind == "method" and use.attr == "run_until_complete"]

    def index(self, node, block) -> Optional[int]:
        """Index in block.body of the statement that holds `node`; None when block does not hold it."""
        child, up = node, self.parent(node)
        while up is not None and up is not block:
            child, up = up, self.parent(up)
        return None if up is None else next(i for i, statement in enumerate(block.body) if statement is child)

    def within(self, node, outer) -> bool:
        a, b = self.tree.span[id(node)], self.tree.span[id(outer)]
        return b[0] <= a[0] and a[1] <= b[1]

    def creation(self, call) -> Tuple[cst.CSTNode, cst.CSTNode, cst.CSTNode]:
        """(the `name = call` Assign, its line, the block holding the line)."""
        assign = self.parent(call)
        line = self.parent(assign)
        return assign, line, self.parent(line)

    def _use(self, site) -> Use:
        name, up = site.expr, self.parent(site.expr)
        if isinstance(up, cst.Attribute) and up.value is name:
            above = self.parent(up)
            if isinstance(above, cst.Call) and above.func is up:
                return Use(site, "method", up.attr.value, above, line=self.statement_line(above))
            call = self.parent(above) if isinstance(above, cst.Arg) else None
            if isinstance(call, cst.Call):
                return Use(site, "bound-method-arg", up.attr.value, call)
            return Use(site, "attribute", up.attr.value)
        call = self.parent(up) if isinstance(up, cst.Arg) else None
        if isinstance(call, cst.Call):
            return Use(site, "argument", None, call, up.keyword is not None, self.statement_line(call))
        return Use(site, "other")

    def statement_line(self, call):
        """The line when `call` is the whole of a one-statement line directly in an indented block."""
        expr = self.parent(call)
        line = self.parent(expr)
        if (isinstance(expr, cst.Expr) and isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                and isinstance(self.parent(line), STATEMENT_BLOCKS)):
            return line
        return None


def loads_of(analysis, name: str, scope, sites=None) -> list:
    """Sites of every load of the variable `name` bound in `scope`, wherever they execute."""
    return [s for s in (analysis.sites if sites is None else sites) if isinstance(s.expr, cst.Name)
            and s.expr.value == name and analysis.binding_scope(name, s.frame.scopes()) is scope]


def assigned_name(parent, call) -> Optional[str]:
    """NAME when `call` is the value of `NAME = call` (one plain target). `parent`: node -> parent."""
    node = parent(call)
    if (isinstance(node, cst.Assign) and node.value is call and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name)):
        return node.targets[0].target.value
    return None


# -- the statements a loop variable's life is made of, by spelling --------------------------------
def only_statement(line) -> Optional[cst.BaseSmallStatement]:
    if isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1:
        return line.body[0]
    return None


def method_call_statement(line, name: str, method: str) -> bool:
    """The line is exactly `name.method()`."""
    statement = only_statement(line)
    call = statement.value if isinstance(statement, cst.Expr) else None
    return (isinstance(call, cst.Call) and not call.args and isinstance(call.func, cst.Attribute)
            and dotted_parts(call.func) == [name, method])


def call_statement(line) -> Optional[cst.Call]:
    statement = only_statement(line)
    return statement.value if isinstance(statement, cst.Expr) and isinstance(statement.value, cst.Call) else None


def assignment_to(line, name: str) -> Optional[cst.BaseExpression]:
    """The value of `name = value` when the line is exactly that."""
    statement = only_statement(line)
    if (isinstance(statement, cst.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0].target, cst.Name) and statement.targets[0].target.value == name):
        return statement.value
    return None


def finally_closes(node: cst.Try, name: str) -> bool:
    """`try: ... finally: name.close()`, the close alone in the finally, no except or else."""
    final = node.finalbody
    return (final is not None and not node.handlers and node.orelse is None
            and isinstance(node.body, cst.IndentedBlock) and isinstance(final.body, cst.IndentedBlock)
            and len(final.body.body) == 1 and method_call_statement(final.body.body[0], name, "close"))


# -- the one-run shape (asyncio_run, explicit_loop) ---------------------------------------------------
class RunPattern:
    """`[loop = get_event_loop()|new_event_loop()] ... [x =] loop.run_until_complete(arg) ... [close]`."""

    def __init__(self, site, var=None):
        self.site = site                  # the get_event_loop/new_event_loop call site
        self.var = var                    # loop variable name, None for the chained form
        self.assign_line = None           # `loop = ...` line (removed)
        self.set_line = None              # `set_event_loop(loop)` line (removed)
        self.ruc = None                   # the run_until_complete Call
        self.ruc_line = None              # the statement line containing it
        self.try_node = None              # try whose body holds ruc_line and whose finally closes the loop
        self.close_line = None            # `loop.close()` line (removed)
        self.unset_line = None            # `set_event_loop(None)` line in that finally (removed with it)

    @property
    def removed_lines(self):
        return [line for line in (self.assign_line, self.set_line, self.close_line, self.unset_line) if line]


class RunShape:
    """Mixed into Lifecycle (which supplies tree, analysis, facts and sites_by_name): the loop variable
    read as one RunPattern."""

    def run_pattern(self, site) -> Tuple[Optional[RunPattern], Optional[str]]:
        """Match the statements around a get_event_loop()/new_event_loop() call site."""
        up = self.parent(site.call)
        if isinstance(up, cst.Attribute) and up.value is site.call and up.attr.value == "run_until_complete":
            pattern = RunPattern(site)
            pattern.ruc = self.parent(up)
            if not isinstance(pattern.ruc, cst.Call) or pattern.ruc.func is not up:
                return None, "not a call"
            pattern.ruc_line = self.run_line(pattern.ruc)
            return (pattern, None) if pattern.ruc_line is not None else (None, "run_until_complete is nested")
        var = assigned_name(self.parent, site.call)
        if var is None:
            return None, "the loop is not assigned to a name"
        scope = site.frame.node
        variable = LoopVariable(self.analysis, self.tree, var, scope, self.sites_by_name.get(var, ()))
        _, line, block = variable.creation(site.call)
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                and isinstance(block, STATEMENT_BLOCKS)):
            return None, "the assignment shares its line"
        pattern = RunPattern(site, var)
        pattern.assign_line = line
        if self.analysis.bindings_in(var, scope) != 1 or var in self.facts.nonlocals:
            return None, "'%s' is bound more than once" % var
        for use in variable.uses:
            kind, node = self._role(use)
            if kind == "ruc" and pattern.ruc is None:
                pattern.ruc = node
            elif kind == "close" and pattern.close_line is None:
                pattern.close_line = node
            elif kind == "set" and pattern.set_line is None:
                pattern.set_line = node
            else:
                return None, "'%s' has other uses" % var
        if pattern.ruc is None:
            return None, "no run_until_complete"
        pattern.ruc_line = self.run_line(pattern.ruc)
        if pattern.ruc_line is None:
            return None, "run_until_complete is nested"
        return self._place(pattern, block)

    def _role(self, use: Use):
        """("ruc", Call) | ("close", line) | ("set", line) | ("other", Name): a statement `loop.close()`
        or `set_event_loop(loop)` can be removed; any other use keeps the loop."""
        if use.kind == "method" and use.attr == "run_until_complete":
            return "ruc", use.call
        if use.kind == "method" and use.attr == "close" and not use.call.args and use.line is not None:
            return "close", use.line
        if (use.kind == "argument" and not use.keyword and use.line is not None and len(use.call.args) == 1
                and self.analysis.resolve(use.call.func, use.site.frame.scopes()) == "asyncio.set_event_loop"):
            return "set", use.line
        return "other", use.site.expr

    def run_line(self, call):
        """The line holding the run, when nothing between them can skip or repeat it."""
        node = self.parent(call)
        while isinstance(node, (cst.Arg, cst.Call, cst.Expr, cst.Assign, cst.AnnAssign, cst.Return)):
            node = self.parent(node)
        if isinstance(node, cst.SimpleStatementLine) and isinstance(self.parent(node), STATEMENT_BLOCKS):
            return node
        return None

    def _place(self, pattern: RunPattern, block):
        """The run must follow the assignment in its block, directly or in the body of a try there;
        loop.close() follows the run in the block or sits in that try's finally."""
        body = list(block.body)
        index = body.index(pattern.assign_line)
        run_top = pattern.ruc_line
        if self.parent(run_top) is not block:
            inner = self.parent(run_top)
            candidate = self.parent(inner)
            if not (isinstance(candidate, cst.Try) and candidate.body is inner and self.parent(candidate) is block):
                return None, "the run is not in the same block"
            pattern.try_node = run_top = candidate
        run_index = body.index(run_top)
        if run_index <= index:
            return None, "the run comes first"
        if pattern.set_line is not None and not (self.parent(pattern.set_line) is block
                                                 and index < body.index(pattern.set_line) < run_index):
            return None, "set_event_loop(loop) is elsewhere"
        close = pattern.close_line
        if close is not None:
            final = pattern.try_node.finalbody if pattern.try_node is not None else None
            if final is not None and self.parent(close) is final.body:
                pattern.unset_line = self._unset_line(final.body, pattern.site.frame.scopes())
            elif not (self.parent(close) is block and body.index(close) > run_index):
                return None, "loop.close() is elsewhere"
        return pattern, None

    def closes_in_finally(self, pattern: RunPattern) -> bool:
        final = pattern.try_node.finalbody if pattern.try_node is not None else None
        return final is not None and pattern.close_line is not None and self.parent(pattern.close_line) is final.body

    def _unset_line(self, block, scopes):
        """A `set_event_loop(None)` line in the finally that closes the loop."""
        for line in block.body:
            call = call_statement(line)
            if (call is not None and len(call.args) == 1 and isinstance(call.args[0].value, cst.Name)
                    and call.args[0].value.value == "None"
                    and self.analysis.resolve(call.func, scopes) == "asyncio.set_event_loop"):
                return line
        return None
