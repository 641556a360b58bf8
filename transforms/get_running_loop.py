"""get_event_loop() directly inside an async def body -> get_running_loop() (docs/SEMANTICS.md P1).

Inside a running coroutine both return the running loop on every Python version, so the swap is
exact. Anything that may execute outside the coroutine (nested def, lambda, class body, generator
expression, decorator, default, annotation) is left alone with a diagnostic, as are the policy's
get_event_loop() and references that are not calls. Generator-based coroutines (`@asyncio.coroutine`,
a `@types.coroutine` generator) count as coroutines (docs/SEMANTICS.md B5): the analysis gives their
bodies a coroutine frame.
"""
import libcst as cst

from loopshift_support.analysis import Ambiguous
from loopshift_support.asyncio_api import FOREIGN_RUNNERS
from loopshift_support.edits import replace_nodes
from loopshift_support.import_rules import IN_PLACE

NAME = "get_running_loop"
DESCRIPTION = "asyncio.get_event_loop() inside a coroutine -> asyncio.get_running_loop()"
TRIGGERS = ("get_event_loop",)
MIN_TARGET = (3, 7)
ORDER = 10
SITE_NAMES = ("get_event_loop",)
CODES = {
    "LS101": ("get_event_loop() may run outside the coroutine",
              "The call is lexically inside an async def but in a nested function, lambda, class body,\n"
              "generator expression, decorator, default value or annotation, so it can run when no loop\n"
              "is running. There get_running_loop() raises while get_event_loop() returns (or on 3.12+\n"
              "warns about, and on 3.14 refuses) the current loop. Fix: get the loop inside the coroutine\n"
              "with asyncio.get_running_loop() and pass it in, or move the call into the coroutine."),
    "LS102": ("get_event_loop_policy().get_event_loop() in a coroutine",
              "The policy's get_event_loop() has no running-loop shortcut: under asyncio.run(loop_factory=...)\n"
              "or asyncio.Runner(loop_factory=...) it returns (or creates) a loop other than the running\n"
              "one, and policies are deprecated from 3.14. Fix: use asyncio.get_running_loop()."),
    "LS103": ("get_event_loop is referenced without being called",
              "A reference (getter = asyncio.get_event_loop, partial(...), default_factory=...) is called\n"
              "later, from code loopshift cannot see. Fix: pass asyncio.get_running_loop if every caller\n"
              "runs inside a coroutine; otherwise create and own a loop explicitly."),
    "LS104": ("get_event_loop is bound to several things in this file",
              "The name is imported from asyncio and also assigned, defined or imported from elsewhere, so\n"
              "loopshift cannot prove which one this call uses. Fix: rename the local definition, then\n"
              "run loopshift again."),
    "LS105": ("this file may drive coroutines without asyncio",
              "The file uses trio, curio, anyio, trio-asyncio or coro.send(None). A coroutine run that way\n"
              "has no running asyncio loop, so get_running_loop() would raise where get_event_loop()\n"
              "returned a loop. Fix: check how these coroutines are run, then rewrite by hand."),
    "LS106": ("get_running_loop cannot be imported here",
              "The call uses a from-import of get_event_loop, but get_running_loop is already bound to\n"
              "something else in this file, or get_event_loop is imported in several places. Fix: import\n"
              "asyncio and call asyncio.get_running_loop()."),
}


def _why_outside(site) -> str:
    kind = site.frame.kind
    if kind == "genexp":
        return "inside a generator expression (it may be consumed later)"
    if site.frame.node is not site.extent:
        return "in a decorator, default value or annotation (evaluated at definition time)"
    return {"def": "inside a nested function", "lambda": "inside a lambda",
            "class": "in a class body"}.get(kind, "outside the coroutine")


def transform(module: cst.Module, ctx) -> cst.Module:
    analysis = ctx.analysis(module, SITE_NAMES)
    foreign = bool(FOREIGN_RUNNERS & analysis.imported_modules) or ".send(None)" in ctx.source
    imports = ctx.imports
    imports.follow(IN_PLACE)  # get_running_loop joins the from-import that brought get_event_loop
    mapping = {}
    for site in analysis.sites:
        scopes = site.frame.scopes()
        meaning = analysis.resolve(site.expr, scopes)
        if meaning is None:
            value = site.expr.value if isinstance(site.expr, cst.Attribute) else None
            if (site.call is not None and site.async_extent is not None and isinstance(value, cst.Call)
                    and analysis.resolve(value.func, scopes) == "asyncio.get_event_loop_policy"):
                ctx.diagnose(site.call, "LS102", "get_event_loop_policy().get_event_loop() is not the running "
                             "loop under loop_factory; use asyncio.get_running_loop()")
            continue
        if isinstance(meaning, Ambiguous):
            if site.call is not None and site.async_extent is not None and meaning.mixes_asyncio_with_other:
                ctx.diagnose(site.expr, "LS104", "'%s' is bound to more than one thing in this file, so this "
                             "may not be asyncio's get_event_loop(); left unchanged" % meaning.name)
            continue
        if meaning != "asyncio.get_event_loop":
            continue
        if site.call is None:
            ctx.diagnose(site.expr, "LS103", "asyncio.get_event_loop is referenced, not called: its caller "
                         "decides which loop it returns")
            continue
        if site.async_extent is None or site.call.args:
            continue  # sync code belongs to other transforms
        if not site.in_coroutine_body:
            ctx.diagnose(site.call, "LS101", "get_event_loop() %s can run when no loop is "
                         "running; left unchanged" % _why_outside(site))
            continue
        if foreign:
            ctx.diagnose(site.call, "LS105", "this file may run coroutines without asyncio (trio, curio, anyio "
                         "or send(None)); get_running_loop() would raise there")
            continue
        if not ctx.allows(site.call):
            continue  # a suppression comment: neither rewritten nor reported
        if isinstance(site.expr, cst.Attribute):
            mapping[id(site.expr)] = site.expr.with_changes(attr=cst.Name("get_running_loop"))
        else:
            name = imports.reach(analysis, "asyncio", "get_running_loop", site.expr, scopes)
            if name is None:
                ctx.diagnose(site.call, "LS106", "cannot import get_running_loop next to '%s' here; use "
                             "asyncio.get_running_loop()" % site.expr.value)
                continue
            mapping[id(site.expr)] = name
            imports.unused(analysis, site.expr)
        ctx.record_change(site.call, "get_event_loop() -> get_running_loop() inside a coroutine")
    return replace_nodes(module, mapping)  # the request handler applies the planned imports
