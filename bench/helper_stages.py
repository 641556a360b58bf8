"""Where the helper's time goes: CPU seconds per stage over the files the prefilter would pass.

    python3 bench/helper_stages.py FOLDER [--target 3.9]

Runs each file through the same steps as the helper's request handler (one process, no driver) and sums the
time of the parse, each transform (including the shared analysis and tree index it is first to ask
for), the positions of the reports, and the re-parse of changed output. Not part of `npm test`.
"""
import argparse
import collections
import os
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "python-helpers"))

import libcst as cst  # noqa: E402
from loopshift_support import context as context_module  # noqa: E402
from loopshift_support.context import FileContext, parse_target  # noqa: E402
from loopshift_support.import_gate import ImportGate  # noqa: E402
from loopshift_support.registry import load_transforms  # noqa: E402
from loopshift_support.request_handler import cycle_collection_paused, parse_error  # noqa: E402

STAGES = collections.Counter()


def _timed(name, function):
    def wrapper(*args, **kwargs):
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            STAGES[name] += time.process_time() - started
    return wrapper


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--target", default="3.9")
    args = parser.parse_args()
    target = parse_target(args.target)
    transforms = [t for t in load_transforms([os.path.join(REPO, "transforms")]) if t.min_target <= target]
    # Sub-stages: counted inside whichever transform asks first, and shown on their own too.
    context_module.FileAnalysis.of = _timed("  of which: shared analysis", context_module.FileAnalysis.of)
    context_module.TreeIndex = _timed("  of which: tree index", context_module.TreeIndex)
    context_module.start_positions = _timed("positions of reports", context_module.start_positions)
    files, lines, started = 0, 0, time.process_time()
    for folder, _, names in sorted(os.walk(args.folder)):
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    source = handle.read()
            except (OSError, UnicodeDecodeError):
                continue
            with cycle_collection_paused():
                files, lines = _file(name, source, transforms, target, files, lines)
    total = time.process_time() - started
    print("%d files, %d lines, %.2f s in all" % (files, lines, total))
    for stage, seconds in STAGES.most_common():
        print("%-40s %6.2f s" % (stage, seconds))


def _file(name, source, transforms, target, files, lines):
    """One file through the stages (as the request handler runs it); the updated file and line counts."""
    gate = ImportGate()
    runnable = [t for t in transforms if t.triggered_by(source)]
    if not any(t.triggered_by(source, gate) for t in runnable):
        return files, lines
    try:
        module = _timed("parse", cst.parse_module)(source)
    except Exception:
        return files, lines
    ctx = FileContext(name, source, target, module)
    ctx.site_names = frozenset().union(*(t.site_names for t in runnable))
    ctx.running = frozenset(t.name for t in runnable)
    for transform in runnable:
        if not transform.triggered_by(ctx.code(module), gate):
            continue
        ctx.begin(transform.name, module)
        module = _timed("transform " + transform.name, transform.run)(module, ctx)
        module = ctx.end(module)
    ctx.diagnostics()
    new_source = ctx.code(module)
    if new_source != source:
        _timed("re-parse of changed output", parse_error)(new_source)
    ctx.release()
    return files + 1, lines + source.count("\n")


if __name__ == "__main__":
    main()
