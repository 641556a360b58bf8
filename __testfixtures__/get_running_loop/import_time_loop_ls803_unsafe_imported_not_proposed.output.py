"""Another project module imports `loop` from this one (the project facts say so): no LS803 proposal."""
import asyncio

loop = asyncio.get_event_loop()


async def tick():
    return loop.time()
