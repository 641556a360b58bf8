"""Turns one protocol request into one answer. Every failure is a value, never a dead helper."""
import ast
import gc
import re
import traceback
import warnings
from collections import OrderedDict
from contextlib import contextmanager
from typing import FrozenSet, List, Optional

import libcst as cst

from .context import EVERY_CODE, FileContext, parse_target
from .memory_limit import MEMORY_LIMIT, memory_limit_message
from .project_bases import base_modules_text
from .import_gate import ImportGate
from .registry import Transform


def libcst_version() -> str:
    try:
        from importlib.metadata import version
        return version("libcst")
    except Exception:
        return getattr(cst, "__version__", "unknown")


def _failed(request_id, error_type, message, diagnostics=(), line=None, column=None):
    error = {"type": error_type, "message": message}
    if line is not None:
        error["line"] = line
        if column is not None:
            error["column"] = column
    return {"id": request_id, "status": "failed", "diagnostics": list(diagnostics), "error": error}


try:
    import resource
except ImportError:  # not on Windows
    resource = None


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else 0


def handle_request(request, transforms: List[Transform]):
    is_prepare = isinstance(request, dict) and request.get("type") == "prepare"
    with cycle_collection_paused():
        answer = prepare(request, transforms) if is_prepare else _answer(request, transforms)
    answer["maxRssKb"] = _peak_rss_kb()  # lets the driver report the helpers' peak memory
    return answer


@contextmanager
def cycle_collection_paused():
    """No cyclic garbage collection while a request runs. A parse allocates a tree whose nodes all stay
    alive, and the collections that allocation triggers (each traversing the young nodes) find nothing:
    a sixth of the helper's CPU. A file's trees are freed by reference counting (FileContext.release);
    what little cyclic garbage a request leaves is collected after it, in the normal course."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _answer(request, transforms: List[Transform]):
    request_id = request.get("id") if isinstance(request, dict) else None
    try:
        return _transform(request, transforms)
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except MemoryError:
        pass  # answered below, once the traceback (and with it the file's tree) is released
    except ParseFailure as failure:
        return _failed(request_id, "ParseError", failure.message, line=failure.line, column=failure.column)
    except cst.ParserSyntaxError as error:  # a transform parsing a snippet: not the file's position
        return _failed(request_id, "TransformError", "a transform failed to parse a snippet: %s"
                       % error.message.splitlines()[0])
    except BaseException as error:  # noqa: B902 - PanicException and SystemExit are per-file failures
        name = type(error).__name__
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        return _failed(request_id, name, detail)
    return _failed(request_id, MEMORY_LIMIT, memory_limit_message())


class ParseFailure(Exception):
    """Why the file itself does not parse, said for a person, with a 1-based position when known."""

    def __init__(self, message: str, line: Optional[int] = None, column: Optional[int] = None):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def _parse_file(source: str, path: str) -> cst.Module:
    try:
        return cst.parse_module(source)
    except (KeyboardInterrupt, MemoryError):
        raise
    except BaseException as error:  # noqa: B902 - the Rust parser's PanicException is a BaseException
        # Working out why costs a compile(): only a file that failed pays for it.
        raise _explain_parse_failure(source, path, error) from None


def _explain_parse_failure(source: str, path: str, error: BaseException) -> ParseFailure:
    return (_python_syntax_error(source, path) or _mixed_line_endings(source)
            or _libcst_failure(error))


def _python_syntax_error(source: str, path: str) -> Optional[ParseFailure]:
    """Python's own verdict: LibCST's positions are often a line off, Python's match the user's tools."""
    if source.startswith("\ufeff"):
        source = source[1:]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings would only be noise on stderr
            compile(source, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as error:  # IndentationError and TabError too
        line = error.lineno or None
        return ParseFailure(error.msg, line, (error.offset or None) if line else None)
    except ValueError as error:  # null bytes, before Python 3.12
        return ParseFailure(str(error))
    except RecursionError:
        return None
    return None


_ENDINGS = (("CRLF", re.compile(r"\r\n")), ("LF", re.compile(r"(?<!\r)\n")), ("CR", re.compile(r"\r(?!\n)")))


def _mixed_line_endings(source: str) -> Optional[ParseFailure]:
    """LibCST 1.0.1 fails on, or panics on, a file that mixes CRLF, LF and lone CR."""
    first = {}  # ending -> offset of its first occurrence
    for name, pattern in _ENDINGS:
        match = pattern.search(source)
        if match:
            first[name] = match.start()
    if len(first) < 2:
        return None
    found = sorted(first, key=first.get)
    odd = first[found[1]]  # the first line that breaks the file's first style
    line_start = max(source.rfind("\n", 0, odd), source.rfind("\r", 0, odd)) + 1
    names = ", ".join(found[:-1]) + " and " + found[-1]
    return ParseFailure("mixed line endings (%s); LibCST cannot parse a file that mixes them: convert it "
                        "to one style (e.g. dos2unix) and run again" % names,
                        _line_number(source, line_start), odd - line_start + 1)


def _line_number(source: str, offset: int) -> int:
    breaks = source.count("\n", 0, offset) + source.count("\r", 0, offset) - source.count("\r\n", 0, offset)
    return breaks + 1


# The Rust parser puts the position into its message, as "error at LINE:COLUMN" (column from 0).
_LIBCST_POSITION = re.compile(r"error at (\d+):(\d+): ")


def _libcst_failure(error: BaseException) -> ParseFailure:
    """Python accepts the file but LibCST does not: LibCST's grammar lacks something."""
    if type(error).__name__ == "PanicException":
        return ParseFailure("LibCST's parser panicked on this file: %s" % _first_line(error))
    message = error.message if isinstance(error, cst.ParserSyntaxError) else _first_line(error)
    line = column = None
    position = _LIBCST_POSITION.search(message)
    if position:
        line, column = int(position.group(1)), int(position.group(2)) + 1
        message = message[:position.start()] + message[position.end():]
    return ParseFailure("LibCST %s cannot parse this file, although Python can: %s"
                        % (libcst_version(), message.splitlines()[0] if message else type(error).__name__),
                        line, column)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


# One run must finish the job: a rewrite may create what another transform acts on (explicit_loop's
# new_event_loop() is close_loop's trigger), so the passes repeat until one changes nothing. Each
# pass is a fixed order; two passes suffice today, the bound only guards against a cycle.
MAX_PASSES = 4


class FixedPointError(Exception):
    """The transforms kept changing the file: a bug in loopshift, reported as this file's failure."""


def _run_to_fixed_point(module: cst.Module, context: FileContext, runnable: List[Transform],
                        gate: ImportGate) -> cst.Module:
    related = base_modules_text(context.project)
    for _ in range(MAX_PASSES):
        context.begin_pass()
        before = module
        for transform in runnable:
            # Triggers are checked on the current text: an earlier rewrite may have introduced them.
            if not transform.triggered_by(context.code(module), gate, related):
                continue
            context.begin(transform.name, module, transform.codes)
            module = context.end(transform.run(module, context))
        if module is before or context.code(module) == context.code(before):
            return module
    raise FixedPointError("the transforms did not settle after %d passes" % MAX_PASSES)


def parse_error(text: str) -> Optional[BaseException]:
    """Why text we produced does not parse, or None. Python's parser answers first, for a tenth of
    LibCST's cost (the guard is against writing a file Python cannot read, and LibCST wrote this text
    from its own tree of a file it parsed). What Python rejects (null bytes, syntax newer than the
    helper's Python) is left to LibCST, whose verdict and message are the answer, as before."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings would only be noise on stderr
            compile(text[1:] if text.startswith("\ufeff") else text, "<output>", "exec",
                    flags=ast.PyCF_ONLY_AST, dont_inherit=True)
        return None
    except Exception:  # noqa: B902 - SyntaxError, ValueError (null bytes), RecursionError: LibCST decides
        pass
    try:
        cst.parse_module(text)
    except BaseException as error:  # noqa: B902
        return error
    return None


def _transform(request, transforms: List[Transform]):
    request_id = request["id"]
    source = request["source"]
    options = request.get("options") or {}
    target = parse_target(options.get("target", "3.9"))
    work = _work(request, transforms, target)
    if isinstance(work, dict):
        return dict(work, id=request_id)
    runnable, gate = work

    path = request.get("path", "<source>")
    # one parse (or the one a prepare request made): both versions start from this (immutable) tree
    module = _PREPARED.pop(source, None) or _parse_file(source, path)
    proposals = _proposals_asked(options.get("unsafe"))

    contexts: List[FileContext] = []

    def migrate(wanted):
        context = FileContext(path, source, target, module, wanted)
        contexts.append(context)
        context.project = options.get("project") if isinstance(options.get("project"), dict) else None
        context.site_names = frozenset().union(*(t.site_names for t in runnable))
        context.running = frozenset(t.name for t in runnable)
        return context, _run_to_fixed_point(module, context, runnable, gate)

    try:
        # Asked for proposals, the run that may propose goes first: when it proposed nothing it is the safe run
        # (ctx.unsafe only gates proposals), so a file without any costs one run, as before.
        context, result = migrate(proposals)
        unsafe = None
        if proposals and context.proposed():
            unsafe = (context, result)
            context, result = migrate(frozenset())
        answer = {"id": request_id, "diagnostics": context.diagnostics()}
        if context.effects_declined or (unsafe and unsafe[0].effects_declined):
            answer["effectsDeclined"] = True
        suppressed = context.suppressed()
        if suppressed:
            answer["suppressed"] = suppressed
        new_source = context.code(result)
        # Re-parse what we produce: a transform bug must surface as a failure, never as a broken file.
        produced = [new_source] + ([unsafe[0].code(unsafe[1])] if unsafe else [])
        for text in produced:
            if text == source:
                continue
            error = parse_error(text)
            if error is not None:
                return _failed(request_id, "TransformError", "a transform produced code that does not parse: %s"
                               % str(error).splitlines()[0], context.diagnostics())
        if unsafe:
            proposal = _unsafe_version(unsafe[0], unsafe[1], new_source, answer["diagnostics"], runnable)
            if proposal:
                answer["unsafe"] = proposal
        if new_source == source:
            answer["status"] = "unchanged"
            return answer
        answer.update({"status": "changed", "source": new_source, "changes": context.changes(),
                       "transforms": context.changed_transforms()})
        return answer
    finally:
        for made in contexts:
            made.release()


def _work(request, transforms: List[Transform], target):
    """(runnable transforms, import gate) when the file needs a parse; else the answer it gets without one."""
    wanted = request.get("transforms")
    known = {t.name: t for t in transforms}
    if wanted:
        unknown = [name for name in wanted if name not in known]
        if unknown:
            return _failed(None, "UnknownTransform", "unknown transform(s): " + ", ".join(unknown))
        selected = [t for t in transforms if t.name in wanted]
    else:
        selected = list(transforms)
    runnable = [t for t in selected if t.min_target <= target]
    if not runnable:
        return {"status": "skipped", "diagnostics": [], "reason": "the selected transforms need a newer --target-version",
                "reasonCode": "needs-newer-target"}
    source = request["source"]
    options = request.get("options") or {}
    related = base_modules_text(options.get("project") if isinstance(options, dict) else None)
    if not any(t.triggered_by(source, None, related) for t in runnable):
        return {"status": "skipped", "diagnostics": [], "reason": "no trigger words", "reasonCode": "no-triggers"}
    gate = ImportGate()
    if not any(t.triggered_by(source, gate, related) for t in runnable):
        # Trigger words, but no import any site could resolve through: what a parse would conclude.
        return {"diagnostics": [], "status": "unchanged"}
    return runnable, gate


# Trees parsed ahead of their transform request (a "prepare" request, sent while the driver still
# reads the project and this helper would be idle), by exact source text; oldest dropped first.
_PREPARED: "OrderedDict[str, cst.Module]" = OrderedDict()
MAX_PREPARED = 8


def prepare(request, transforms: List[Transform]):
    """Parse a file now for a transform request to come. Acknowledged with an empty unchanged answer whose
    "prepared" says whether a tree is kept (a file the import gate answers needs none)."""
    kept = False
    try:
        source = request["source"]
        options = request.get("options") or {}
        if not isinstance(_work(request, transforms, parse_target(options.get("target", "3.9"))), dict):
            _PREPARED[source] = cst.parse_module(source)
            kept = True
            while len(_PREPARED) > MAX_PREPARED:
                _PREPARED.popitem(last=False)
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except MemoryError:
        _PREPARED.clear()  # parsing ahead is an optimisation: never worth the memory the real request needs
        kept = False
    except BaseException:  # noqa: B902 - the transform request will parse it again and report why
        pass
    return {"id": request.get("id"), "status": "unchanged", "diagnostics": [], "prepared": kept}


def _proposals_asked(value) -> Optional[FrozenSet[str]]:
    """options.unsafe: true (every proposal) or a list of the diagnostic codes whose proposals the driver wants
    (the selected ones); absent, false or empty: not asked, and the answer is as without proposals."""
    if value is True:
        return frozenset({EVERY_CODE})
    if isinstance(value, list) and value and all(isinstance(code, str) for code in value):
        return frozenset(value)
    return None


def _unsafe_version(context: FileContext, module: cst.Module, safe_source: str, safe_diagnostics: List[dict],
                    runnable: List[Transform]) -> Optional[dict]:
    """The answer's `unsafe` part: the text with the unsafe proposals too (to its own fixed point), every
    change of that text (each with its applicability), and what is left to report there. A proposal
    answers a diagnostic of the safe text (its code, on its line) whenever the transform declaring that
    code ran; one that does not is a bug, and then nothing is proposed for the file."""
    source = context.code(module)
    if source == safe_source:
        return None
    changes = context.changes()
    declared = {code for t in runnable for code in t.codes}
    reported = {(d["code"], d["line"]) for d in safe_diagnostics}
    for change in changes:
        code = change.get("code")
        if change.get("applicability") == "unsafe" and code in declared and (code, change["line"]) not in reported:
            return None
    version = {"source": source, "changes": changes, "diagnostics": context.diagnostics(),
               "transforms": context.changed_transforms()}
    suppressed = context.suppressed()
    if suppressed:
        version["suppressed"] = suppressed
    return version
