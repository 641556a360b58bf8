# probe round 8, W11: the code after the run calls a function inside an f-string's format spec.
# loopshift-fixture: runnable
"""`{status:>{width()}}`: the format spec holds expressions too, and width() reads the loop the coroutine stored,
closed after asyncio.run(). Each part of a format spec is checked like the expression (after_run.py, _plain).
Left to explicit_loop (P3a condition 4)."""
import asyncio

STATE = {}


def width():
    return 12 if not STATE["loop"].is_closed() else 3


async def main():
    STATE["loop"] = asyncio.get_running_loop()
    await asyncio.sleep(0)
    return "done"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    status = loop.run_until_complete(main())
    print(f"[{status:>{width()}}]")
