"""A transform for the driver's fault tests only (loaded through LOOPSHIFT_EXTRA_TRANSFORMS).

It misbehaves on purpose when a file contains a magic word: kills its helper, hangs, dawdles, or prints
onto stdout (which must never reach the protocol stream).
"""
import os
import time

NAME = "fault_injection"
DESCRIPTION = "test only: crash, hang or print when a magic word is present"
TRIGGERS = ("LOOPSHIFT_CRASH_HELPER", "LOOPSHIFT_HANG_HELPER", "LOOPSHIFT_PRINT_NOISE", "LOOPSHIFT_RAISE",
            "LOOPSHIFT_TOUCH_FILE", "LOOPSHIFT_SLOW_HELPER")
MIN_TARGET = (3, 7)
ORDER = 0


def transform(module, ctx):
    if "LOOPSHIFT_CRASH_HELPER" in ctx.source:
        os._exit(7)
    if "LOOPSHIFT_SLOW_HELPER" in ctx.source:
        # In flight for a while, and says so on disk, so a test can interrupt the run meanwhile.
        with open(ctx.path + ".started", "w", encoding="utf-8"):
            pass
        time.sleep(3)
    if "LOOPSHIFT_HANG_HELPER" in ctx.source:
        time.sleep(3600)
    if "LOOPSHIFT_PRINT_NOISE" in ctx.source:
        print("this is not a protocol line")
    if "LOOPSHIFT_TOUCH_FILE" in ctx.source and module is ctx.original_module:  # once, not on every pass
        # Someone edits the file while loopshift works on it: the write must be refused.
        with open(ctx.path, "a", encoding="utf-8") as handle:
            handle.write("# edited meanwhile\n")
    if "LOOPSHIFT_RAISE" in ctx.source:
        raise SystemExit("a transform called sys.exit")
    return module
