"""The helper's memory ceiling (--memory-limit): set from the environment, and the failure a file that
exceeds it gets. No libcst here: the helper applies the ceiling before it imports libcst.
"""
import os

# MiB of address space for the helper; unset or 0: no ceiling.
MEMORY_LIMIT_ENV = "LOOPSHIFT_MEMORY_LIMIT_MB"
# The failure type of a file that exceeds it; the helper then exits with EXIT_MEMORY_LIMIT so that a
# fresh one takes the next file (the heap may stay fragmented near the ceiling).
MEMORY_LIMIT = "MemoryLimit"
EXIT_MEMORY_LIMIT = 4


def memory_limit_message():
    limit = os.environ.get(MEMORY_LIMIT_ENV)
    if limit:
        return "the helper exceeded its memory ceiling of %s MiB on this file (--memory-limit)" % limit
    return "the helper ran out of memory on this file"


def apply_memory_limit():
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
