"""docs/SEMANTICS.md P3a condition 2 still holds for everything but the handed argument: the loop is
also used for set_debug() before the run, so it is left alone."""
import asyncio


async def _go(loop):
    return loop.get_debug()


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.set_debug(True)
    print(loop.run_until_complete(_go(loop)))
    loop.close()
