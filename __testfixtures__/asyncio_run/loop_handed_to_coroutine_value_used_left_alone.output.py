"""docs/SEMANTICS.md P3d condition 5: _go() reads the loop and the run's value is printed. Here that
value is the loop itself, open when printed (closed=False); asyncio.run() would have closed it. Left
alone."""
import asyncio


async def _go(loop):
    return loop


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(_go(loop)))
    loop.close()
