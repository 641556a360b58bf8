"""Turns one protocol request into one answer. Every failure is a value, never a dead helper."""
import traceback
from typing import List

import libcst as cst

from .context import FileContext, parse_target
from .registry import Transform


def libcst_version() -> str:
    try:
        from importlib.metadata import version
        return version("libcst")
    except Exception:
        return getattr(cst, "__version__", "unknown")


def _failed(request_id, error_type, message, diagnostics=()):
    return {"id": request_id, "status": "failed", "diagnostics": list(diagnostics),
            "error": {"type": error_type, "message": message}}


try:
    import resource
except ImportError:  # not on Windows
    resource = None


def _peak_rss_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss if resource else 0


def handle_request(request, transforms: List[Transform]):
    answer = _answer(request, transforms)
    answer["maxRssKb"] = _peak_rss_kb()  # lets the driver report the helpers' peak memory
    return answer


def _answer(request, transforms: List[Transform]):
    request_id = request.get("id") if isinstance(request, dict) else None
    try:
        return _transform(request, transforms)
    except (KeyboardInterrupt, GeneratorExit):
        raise
    except cst.ParserSyntaxError as error:
        return _failed(request_id, "ParseError", "cannot parse: %s (line %s, column %s)"
                       % (error.message, error.raw_line, error.raw_column + 1))
    except BaseException as error:  # noqa: B902 - PanicException and SystemExit are per-file failures
        name = type(error).__name__
        if name == "PanicException":
            return _failed(request_id, "ParseError", "LibCST's parser panicked on this file "
                           "(often mixed CR and CRLF line endings): %s" % str(error).splitlines()[0])
        detail = "".join(traceback.format_exception_only(type(error), error)).strip()
        return _failed(request_id, name, detail)


def _transform(request, transforms: List[Transform]):
    request_id = request["id"]
    source = request["source"]
    options = request.get("options") or {}
    target = parse_target(options.get("target", "3.9"))
    wanted = request.get("transforms")
    known = {t.name: t for t in transforms}
    if wanted:
        unknown = [name for name in wanted if name not in known]
        if unknown:
            return _failed(request_id, "UnknownTransform", "unknown transform(s): " + ", ".join(unknown))
        selected = [t for t in transforms if t.name in wanted]
    else:
        selected = list(transforms)
    runnable = [t for t in selected if t.min_target <= target]
    if not runnable:
        return {"id": request_id, "status": "skipped", "diagnostics": [],
                "reason": "the selected transforms need a newer --target-version"}
    runnable = [t for t in runnable if t.triggered_by(source)]
    if not runnable:
        return {"id": request_id, "status": "skipped", "diagnostics": [],
                "reason": "no trigger words"}

    module = cst.parse_module(source)
    context = FileContext(request.get("path", "<source>"), source, target, module)
    context.site_names = frozenset().union(*(t.site_names for t in runnable))
    for transform in runnable:
        # Later transforms see earlier rewrites; regenerate code only when one happened.
        if module is not context.original_module and not transform.triggered_by(context.code(module)):
            continue
        context.begin(transform.name, module)
        module = transform.run(module, context)
        context.end(module)

    new_source = context.code(module)
    answer = {"id": request_id, "diagnostics": context.diagnostics()}
    if new_source == source:
        answer["status"] = "unchanged"
        return answer
    # Re-parse what we produce: a transform bug must surface as a failure, never as a broken file.
    try:
        cst.parse_module(new_source)
    except BaseException as error:  # noqa: B902
        return _failed(request_id, "TransformError", "a transform produced code that does not parse: %s"
                       % str(error).splitlines()[0], context.diagnostics())
    answer.update({"status": "changed", "source": new_source, "changes": context.changes(),
                   "transforms": context.changed_transforms()})
    return answer
