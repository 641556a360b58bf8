"""Uses of the event loop policy API that loop_diagnostics reports (docs/SEMANTICS.md B3, P9): policy
classes overriding get_event_loop/set_event_loop, policies installed, and the policy functions, except
what the loop_factory transform owns (plain loop-class choices, policies next to an entry-point run)
and code that only runs before 3.14; `helper().get_event_loop()` through a function of this file that only
returns the policy counts as the direct form. The policy statement loop_factory rewrites is policies.py.
"""
import libcst as cst

from .asyncio_api import LOOP_CLASS_POLICIES, POLICY_CLASSES, POLICY_FUNCTIONS, qualified
from .loop_threads import describe, inside, methods
from .policy_classes import loop_class_policy
from .syntax import is_none

POLICY_FUNCTIONS_Q = qualified(POLICY_FUNCTIONS)
# set_event_loop_policy(<one of these>()) only picks the loop class: the loop_factory transform's.
PLAIN_LOOP_CLASS_POLICIES = frozenset(LOOP_CLASS_POLICIES)


class PolicyUses:
    """Mixed into loop_patterns.Facts, which supplies classes, analysis, meanings, of(), up(), within(),
    resolve() and next_to_entry_run()."""

    def is_policy_class(self, expr) -> bool:
        what = self.meanings.get(id(expr))
        return isinstance(what, str) and what.startswith("asyncio.") and what.rsplit(".", 1)[1] in POLICY_CLASSES

    def before_314_only(self, node, scopes) -> bool:
        """Under `if sys.version_info < (3, N):` or in the else of `>= (3, N)`, N <= 14: this code never
        runs on the versions where the policy API warns or is gone."""
        child, parent = node, self.up(node)
        while parent is not None:
            test = parent.test if isinstance(parent, cst.If) else None
            if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
                left, target = test.left, test.comparisons[0]
                if isinstance(left, cst.Subscript):
                    left = left.value  # sys.version_info[:2]
                bound = _version(target.comparator)
                if (bound is not None and bound <= (3, 14)
                        and self.analysis.resolve(left, scopes) == "sys.version_info"):
                    if isinstance(target.operator, cst.LessThan) and child is parent.body:
                        return True
                    if isinstance(target.operator, cst.GreaterThanEqual) and child is parent.orelse:
                        return True
            child, parent = parent, self.up(parent)
        return False

    def policy_uses(self, quiet):
        """("override", class, "get_event_loop/..."), ("install", set call, argument text), ("plain", set call,
        the loop-class policy's qualified name), ("own", set call, (the name of this
        file's class that only sets _loop_factory, that factory as written)) or ("api", node,
        "asyncio.get_event_loop_policy().new_event_loop()"): one per site, outermost expression first.
        Policies next to an entry-point run are the loop_factory transform's;
        get_event_loop_policy().get_event_loop() in a coroutine is get_running_loop's LS102."""
        covered = set()  # nodes whose sub-expressions are already accounted for
        for cls in self.classes:
            bases = [b.value for b in cls.bases if self.is_policy_class(b.value)
                     or self.meanings.get(id(b.value)) == "uvloop.EventLoopPolicy"]
            overrides = [m.name.value for m in methods(cls, {"get_event_loop", "set_event_loop"})]
            if bases and overrides:
                covered.update(id(b) for b in bases)
                yield "override", cls, "/".join(overrides)
        for site in self.analysis.sites:
            what = self.of(site)
            if what not in POLICY_FUNCTIONS_Q and not self.is_policy_class(site.expr):
                continue
            node = site.call if site.call is not None else site.expr
            if inside(site, quiet) or self.within(node, covered):
                continue
            covered.add(id(node))
            api = what + ("()" if site.call is not None else "")
            if what == "asyncio.set_event_loop_policy" and site.call is not None:
                if self.next_to_entry_run(site):
                    continue
                arg = site.call.args[0].value if site.call.args else None
                kind = self._installed(arg, site.frame.scopes()) if arg is not None else "asyncio"
                if kind == "plain":
                    # Only the loop class: deprecated all the same (3.14), and away from an entry-point run the
                    # loop_factory transform does not see it.
                    if not self.before_314_only(node, site.frame.scopes()):
                        yield "plain", node, self.resolve(arg.func, site.frame.scopes())
                    continue
                if kind == "own":
                    if not self.before_314_only(node, site.frame.scopes()):
                        yield "own", node, (arg.func.value, self._factory_of(arg.func.value))
                    continue
                if kind == "other":
                    yield "install", node, describe(arg)
                    continue
            chained = self.up(node)
            call = self.up(chained) if isinstance(chained, cst.Attribute) else None
            if isinstance(call, cst.Call) and call.func is chained:
                if chained.attr.value == "get_event_loop" and site.async_extent is not None:
                    continue
                api += "." + chained.attr.value + "()"
            if not self.before_314_only(node, site.frame.scopes()):
                yield "api", node, api
        yield from self._through_helpers(quiet)

    def _factory_of(self, name: str) -> str:
        """The `_loop_factory = X` value, as written, of this file's loop-class policy `name`."""
        cls = next(cls for cls in self.classes if cls.name.value == name and self.up(cls) is self.module)
        assign = next(line.body[0] for line in cls.body.body if isinstance(line, cst.SimpleStatementLine)
                      and isinstance(line.body[0], cst.Assign))
        return self.module.code_for_node(assign.value)

    def _through_helpers(self, quiet):
        """("api", call, text) for `helper().get_event_loop()` where `helper` is a function of this file, or of
        another project module it imports (the driver's policyHelpers fact, docs/SEMANTICS.md P9), whose whole
        body returns asyncio.get_event_loop_policy(): the policy's get_event_loop(), with no
        running-loop shortcut (B3), reached where the direct form would be reported (P9)."""
        helpers = self._policy_helpers()
        taken = frozenset(n for n in (self.project or {}).get("policyHelpers") or () if isinstance(n, str))
        for site in self.analysis.sites:
            if site.terminal != "get_event_loop" or site.call is None or site.call.args:
                continue
            value = site.expr.value if isinstance(site.expr, cst.Attribute) else None
            if not (isinstance(value, cst.Call) and not value.args and isinstance(value.func, cst.Name)):
                continue
            name, scopes = value.func.value, site.frame.scopes()
            scope = self.analysis.binding_scope(name, scopes)
            if (scope is None or self.analysis.bindings_in(name, scope) != 1 or inside(site, quiet)
                    or self.before_314_only(site.call, scopes)):
                continue
            if helpers.get(name) is not scope and not (name in taken and scope is self.module
                                                       and self._imported_as_itself(name)):
                continue
            yield "api", site.call, ("%s().get_event_loop(), that is asyncio.get_event_loop_policy().get_event_loop()"
                                     % name)

    def _imported_as_itself(self, name: str) -> bool:
        """`from m import name` binds `name` at module level, under its own name: the driver's policyHelpers fact
        (src/project-model.ts) says m's def of it only returns the policy."""
        bindings = [b for b in self.analysis.bindings.get(name, ()) if b.scope is self.module]
        return len(bindings) == 1 and isinstance(bindings[0].qualname, str) and bindings[0].qualname.endswith("." + name)

    def _policy_helpers(self):
        """{name: the scope its def binds it in} for undecorated sync defs that only return
        asyncio.get_event_loop_policy()."""
        calls = {id(site.call): site for site in self.analysis.sites
                 if site.call is not None and self.of(site) == "asyncio.get_event_loop_policy"}
        found = {}
        for fn in self.functions:
            if fn.asynchronous is not None or fn.decorators or not isinstance(fn.body, cst.IndentedBlock):
                continue
            body = list(fn.body.body)
            if len(body) == 2 and _docstring(body[0]):
                body = body[1:]
            line = body[0] if len(body) == 1 else None
            if not (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                    and isinstance(line.body[0], cst.Return)):
                continue
            site = calls.get(id(line.body[0].value))
            if site is not None and not site.call.args and site.frame.node is fn:
                scopes = site.frame.scopes()
                if len(scopes) > 1:
                    found[fn.name.value] = scopes[1]
        return found

    def _installed(self, arg, scopes) -> str:
        """"plain" (uvloop / Windows policy instance), "own" (an instance of this file's policy class that only sets
        _loop_factory, policy_classes.py), "asyncio" (None or an asyncio policy) or "other"."""
        policy = self.resolve(arg.func if isinstance(arg, cst.Call) else arg, scopes)
        if isinstance(arg, cst.Call) and not arg.args and policy in PLAIN_LOOP_CLASS_POLICIES:
            return "plain"
        if isinstance(arg, cst.Call) and not arg.args and isinstance(arg.func, cst.Name):
            if self.analysis.binding_scope(arg.func.value, scopes) is self.module and any(
                    cls.name.value == arg.func.value and self.up(cls) is self.module
                    and loop_class_policy(cls, self.analysis, self.module, self.nodes) for cls in self.classes):
                return "own"
        if is_none(arg) or (isinstance(policy, str) and policy.startswith("asyncio.")
                            and policy.rsplit(".", 1)[1] in POLICY_CLASSES):
            return "asyncio"
        return "other"


def _docstring(line) -> bool:
    return (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1 and isinstance(line.body[0], cst.Expr)
            and isinstance(line.body[0].value, (cst.SimpleString, cst.ConcatenatedString)))


def _version(expr):
    if isinstance(expr, cst.Tuple) and all(isinstance(e.value, cst.Integer) for e in expr.elements):
        return tuple(int(e.value.value) for e in expr.elements)
    return None
