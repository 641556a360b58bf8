"""The loop variable on an entry path: where a loop is made, set current, run, used and closed
(docs/SEMANTICS.md P3a, P3b, P11). Part of Lifecycle (loop_lifecycle.py), which supplies the tree and
the analysis.
"""
from typing import List, Optional, Tuple

import libcst as cst


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


class LoopVariable:
    """Mixed into Lifecycle: `loop = <creation>` and its uses, matched as one RunPattern."""

    # -- the loop variable ------------------------------------------------------------------
    def assignment(self, site):
        """(Assign, its line, variable name) when the call is `name = <call>` on a line of its own."""
        node = self.parent(site.call)
        if not (isinstance(node, cst.Assign) and node.value is site.call and len(node.targets) == 1
                and isinstance(node.targets[0].target, cst.Name)):
            return None
        line = self.parent(node)
        return node, line, node.targets[0].target.value

    def uses(self, var: str, scope) -> List[Tuple[str, cst.CSTNode]]:
        """Every load of the variable bound in `scope`: ("ruc", Call) | ("close", line) |
        ("set", line) | ("other", Name)."""
        found = []
        for site in self.sites_by_name.get(var, ()):
            if (not isinstance(site.expr, cst.Name)
                    or self.analysis.binding_scope(var, site.frame.scopes()) is not scope):
                continue
            found.append(self._use(site))
        return found

    def _use(self, site):
        name, up = site.expr, self.parent(site.expr)
        if isinstance(up, cst.Attribute) and up.value is name:
            call = self.parent(up)
            if isinstance(call, cst.Call) and call.func is up:
                if up.attr.value == "run_until_complete":
                    return "ruc", call
                line = self._statement_call(call)
                if up.attr.value == "close" and not call.args and line is not None:
                    return "close", line
        if isinstance(up, cst.Arg) and up.keyword is None:
            call = self.parent(up)
            line = self._statement_call(call)
            if (line is not None and len(call.args) == 1
                    and self.analysis.resolve(call.func, site.frame.scopes()) == "asyncio.set_event_loop"):
                return "set", line
        return "other", name

    def _statement_call(self, call):
        """The line when `call` is the whole of a one-statement line."""
        expr = self.parent(call)
        line = self.parent(expr)
        if (isinstance(expr, cst.Expr) and isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                and isinstance(self.parent(line), cst.IndentedBlock)):
            return line
        return None

    # -- the run pattern --------------------------------------------------------------------------
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
        found = self.assignment(site)
        if found is None:
            return None, "the loop is not assigned to a name"
        _, line, var = found
        block = self.parent(line)
        if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                and isinstance(block, cst.IndentedBlock)):
            return None, "the assignment shares its line"
        scope = site.frame.node
        pattern = RunPattern(site, var)
        pattern.assign_line = line
        if self.analysis.bindings_in(var, scope) != 1 or var in self.facts.nonlocals:
            return None, "'%s' is bound more than once" % var
        for kind, node in self.uses(var, scope):
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

    def run_line(self, call):
        """The line holding the run, when nothing between them can skip or repeat it."""
        node = self.parent(call)
        while isinstance(node, (cst.Arg, cst.Call, cst.Expr, cst.Assign, cst.AnnAssign, cst.Return)):
            node = self.parent(node)
        if isinstance(node, cst.SimpleStatementLine) and isinstance(self.parent(node), cst.IndentedBlock):
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
            if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                    and isinstance(line.body[0], cst.Expr) and isinstance(line.body[0].value, cst.Call)):
                continue
            call = line.body[0].value
            if (len(call.args) == 1 and isinstance(call.args[0].value, cst.Name) and call.args[0].value.value == "None"
                    and self.analysis.resolve(call.func, scopes) == "asyncio.set_event_loop"):
                return line
        return None
