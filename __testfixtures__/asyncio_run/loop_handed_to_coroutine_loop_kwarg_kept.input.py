"""docs/SEMANTICS.md P3d, asyncio_run alone: drop_loop_arg (which runs first in a full run, and would
drop these loop= arguments by P15 rule 6) did not run, so _go() still reads its parameter and starts
with `loop = get_running_loop()`, after its docstring. The names come from the from-import."""
from asyncio import get_event_loop, sleep


async def _go(loop):
    """Sleeps twice."""
    await sleep(0, loop=loop)
    # a comment stays with its statement
    await sleep(0, loop=loop)


if __name__ == "__main__":
    loop = get_event_loop()
    try:
        loop.run_until_complete(_go(loop))
    finally:
        loop.close()
