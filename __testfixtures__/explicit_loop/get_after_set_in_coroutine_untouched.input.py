"""Inside a coroutine, or a sync function a running loop may call, get_event_loop() returns the
RUNNING loop, not the one just set (B1): never rewritten to it here (not the entry path)."""
import asyncio


async def main():
    other = asyncio.new_event_loop()
    asyncio.set_event_loop(other)
    print(asyncio.get_event_loop() is other)
    asyncio.set_event_loop(None)
    other.close()


def callback():
    other = asyncio.new_event_loop()
    asyncio.set_event_loop(other)
    return asyncio.get_event_loop()


async def caller():
    callback()
