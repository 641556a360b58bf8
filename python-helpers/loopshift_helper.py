"""loopshift's helper process: JSON lines on stdin/stdout, one answer per request.

The driver starts one helper per core and keeps it alive. The helper is a pure function
source -> result; it never touches the disk besides importing the transforms.
"""
import signal

# First of all: Ctrl-C in a terminal reaches the whole process group, and the driver decides what an
# interrupt means; a helper killed by it would fail the file in flight as a crash.
signal.signal(signal.SIGINT, signal.SIG_IGN)

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loopshift_support.memory_limit import EXIT_MEMORY_LIMIT, MEMORY_LIMIT, apply_memory_limit  # noqa: E402

PROTOCOL_VERSION = 1


def _protocol_stream():
    # Keep the real stdout for protocol lines; anything else printed (by a transform, a library
    # or LibCST) goes to stderr so it can never corrupt the stream.
    out = sys.stdout.buffer
    sys.stdout = sys.stderr
    return out


def _send(out, message):
    out.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    out.flush()


def main(argv):
    out = _protocol_stream()
    apply_memory_limit()  # before libcst is imported, so that its allocations count too
    python_version = ".".join(str(part) for part in sys.version_info[:3])
    if sys.version_info < (3, 8):
        _send(out, {"type": "fatal", "code": "python-too-old", "python": python_version,
                    "executable": sys.executable,
                    "message": "loopshift needs Python 3.8 or newer, found " + python_version})
        return 3
    try:
        import libcst  # noqa: F401
    except ImportError as error:
        _send(out, {"type": "fatal", "code": "libcst-missing", "python": python_version,
                    "executable": sys.executable, "message": str(error)})
        return 3

    from loopshift_support.registry import load_transforms
    from loopshift_support.request_handler import handle_request, libcst_version

    dirs = [os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "transforms")]
    extra = os.environ.get("LOOPSHIFT_EXTRA_TRANSFORMS")
    if extra:
        dirs.extend(part for part in extra.split(os.pathsep) if part)
    try:
        transforms = load_transforms(dirs)
    except Exception as error:  # a broken transform file is a start-up error, not a silent gap
        _send(out, {"type": "fatal", "code": "transform-load-failed", "python": python_version,
                    "executable": sys.executable, "message": "%s: %s" % (type(error).__name__, error)})
        return 3

    _send(out, {
        "type": "hello",
        "protocol": PROTOCOL_VERSION,
        "python": python_version,
        "executable": sys.executable,
        "libcst": libcst_version(),
        # The driver keeps this hello in its result cache and trusts it while this file is unchanged.
        "libcstPath": getattr(sys.modules.get("libcst"), "__file__", None) or "",
        "pid": os.getpid(),
        "transforms": [t.describe() for t in transforms],
    })

    stdin = sys.stdin.buffer
    while True:
        line = stdin.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        try:
            request = json.loads(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            _send(out, {"id": None, "status": "failed", "diagnostics": [],
                        "error": {"type": "ProtocolError", "message": str(error)}})
            continue
        answer = handle_request(request, transforms)
        _send(out, answer)
        if answer.get("error", {}).get("type") == MEMORY_LIMIT:
            # The heap may stay fragmented near the ceiling: a fresh helper takes the next file.
            return EXIT_MEMORY_LIMIT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
