"""docs/SEMANTICS.md P3d: go() is public and nothing says that no other module imports this file (no
project facts), so another module may call go() with another loop: left to explicit_loop."""
import asyncio


async def go(loop):
    return loop.time() > 0


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(go(loop)))
    loop.close()
