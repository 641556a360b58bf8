# probe round 8, W01, W05, W11 (the other side): what the round's fixes leave inert after the run.
# loopshift-fixture: runnable
"""print(..., file=stdout) (sys.stdout, imported by name), an f-string whose format spec holds a plain name, and
append() to a module-level list read or store plain values only: the site is still rewritten to asyncio.run()
(P3a condition 4; after_run.py)."""
import asyncio
from sys import stdout

WIDTH = 8
DONE = []


async def main():
    await asyncio.sleep(0)
    return "done"


if __name__ == "__main__":
    status = asyncio.run(main())
    DONE.append(status)
    print(f"[{status:>{WIDTH}}]", len(DONE), file=stdout)
