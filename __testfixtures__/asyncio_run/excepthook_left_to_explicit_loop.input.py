# probe round 13, E W7: an excepthook runs when an error ends the program, after the run: the old code left the
# loop open there (close() is not in a finally), asyncio.run() closes it. Left to explicit_loop.
import asyncio
import sys

LOOPS = []


def report(kind, value, tb):
    print("crash report, loop closed:", LOOPS[0].is_closed())


sys.excepthook = report


async def main():
    LOOPS.append(asyncio.get_running_loop())
    raise ValueError("boom")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
