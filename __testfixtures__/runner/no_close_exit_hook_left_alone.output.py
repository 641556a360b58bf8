"""The loop was never closed, and an atexit hook may read it at exit: a Runner would close it at the end
of its block, where the old code left it open. Left to explicit_loop (docs/SEMANTICS.md P11, P3a
condition 6)."""
import asyncio
import atexit

_STATE = {}


def _report():
    print("at exit, loop closed:", _STATE["loop"].is_closed())


atexit.register(_report)


async def greet(who):
    _STATE["loop"] = asyncio.get_running_loop()
    return "hello " + who


def main():
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(greet("a")))
    print(loop.run_until_complete(greet("b")))


if __name__ == "__main__":
    main()
