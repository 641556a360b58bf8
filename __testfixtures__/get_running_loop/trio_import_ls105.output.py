import asyncio

import trio


async def main():
    loop = asyncio.get_event_loop()
    await trio.sleep(0)
    return loop
