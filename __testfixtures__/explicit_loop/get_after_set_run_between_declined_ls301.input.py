"""A run between set_event_loop(loop) and get_event_loop() executes this file's coroutines: one of them sets
another loop, so get_event_loop() returns that one afterwards, not `loop` (P3e). Left alone, LS301."""
import asyncio


async def switch():
    other = asyncio.new_event_loop()
    asyncio.set_event_loop(other)
    return other


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    other = loop.run_until_complete(switch())
    print("still the set loop:", asyncio.get_event_loop() is loop)
    other.close()
    loop.close()
