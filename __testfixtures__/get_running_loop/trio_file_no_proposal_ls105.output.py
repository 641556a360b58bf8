import asyncio

import trio


def helper():
    return asyncio.get_event_loop()


async def main():
    await trio.sleep(0)
    return asyncio.get_event_loop(), helper()
