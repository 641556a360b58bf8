import asyncio


async def main():
    # get_event_loop() was replaced by get_running_loop() long ago.
    note = "asyncio.get_event_loop() is deprecated outside coroutines"
    return asyncio.get_running_loop(), note
