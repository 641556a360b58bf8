"""docs/SEMANTICS.md P3d: _go() keeps the loop, and code runs after the run: here it sees an open loop,
under asyncio.run() it would see a closed one. Left alone."""
import asyncio

STATE = {}


async def _go(loop):
    STATE["loop"] = loop


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(_go(loop))
    print(STATE["loop"].is_closed())
