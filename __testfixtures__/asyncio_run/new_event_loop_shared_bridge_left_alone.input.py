"""A function that creates, sets and closes its own loop but is called from anywhere: afterwards the
original leaves its closed loop set, asyncio.run() leaves none; a later get_event_loop() elsewhere
could see the difference. Left alone (P11)."""
import asyncio


async def fetch():
    return 1


def fetch_sync():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(fetch())
    finally:
        loop.close()


def handler():
    return fetch_sync()
