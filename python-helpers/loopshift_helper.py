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

PROTOCOL_VERSION = 1
MEMORY_LIMIT_ENV = "LOOPSHIFT_MEMORY_LIMIT_MB"
EXIT_MEMORY_LIMIT = 4


def _protocol_stream():
    # Keep the real stdout for protocol lines; anything else printed (by a transform, a library
    # or LibCST) goes to stderr so it can never corrupt the stream.
    out = sys.stdout.buffer
    sys.stdout = sys.stderr
    return out


def _send(out, message):
    out.write(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")
    out.flush()


def _apply_memory_limit():
    """A ceiling on the address space: a huge file then fails alone instead of exhausting the machine.

    Beyond it Python raises MemoryError, and LibCST's Rust parser aborts ("memory allocation of N
    bytes failed"), which the driver recognises. RLIMIT_AS rather than RLIMIT_DATA: both trip at the
    same size here (one thread; code adds ~15 MB), but RLIMIT_DATA misses mmap'd blocks before Linux 4.7.
    """
    mib = int(os.environ.get(MEMORY_LIMIT_ENV) or 0)
    try:
        import resource
    except ImportError:  # Windows: no ceiling
        return
    if mib <= 0:
        return
    for limit, value in ((resource.RLIMIT_AS, mib * 1024 * 1024), (resource.RLIMIT_CORE, 0)):
        _, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)
        try:
            resource.setrlimit(limit, (value, hard))
        except (ValueError, OSError):  # macOS refuses some values; it does not enforce RLIMIT_AS anyway
            pass


def main(argv):
    out = _protocol_stream()
    _apply_memory_limit()
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

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from loopshift_support.registry import load_transforms
    from loopshift_support.request_handler import MEMORY_LIMIT, handle_request, libcst_version

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
