"""Import-time code that also runs a loop: no LS803 proposal in this file (docs/SEMANTICS.md P4)."""
import asyncio

loop = asyncio.get_event_loop()


async def setup():
    return loop.time()


asyncio.get_event_loop().run_until_complete(setup())
