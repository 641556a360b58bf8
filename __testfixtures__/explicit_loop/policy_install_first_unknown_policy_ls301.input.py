"""A policy loopshift cannot identify still decides what get_event_loop() does: reported (P3b)."""
import asyncio

import somelib


async def main():
    return 1


if __name__ == "__main__":
    asyncio.set_event_loop_policy(somelib.Policy())
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
