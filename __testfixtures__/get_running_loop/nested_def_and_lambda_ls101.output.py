import asyncio


async def main():
    def callback():
        return asyncio.get_running_loop()

    getter = lambda: asyncio.get_event_loop()
    loop = asyncio.get_running_loop()
    loop.call_soon(callback)
    return getter
