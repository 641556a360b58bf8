"""Target 3.9: asyncio.Lock() at import time calls get_event_loop() and binds to the loop it makes,
so a second loop would break the lock. Reported (on 3.10+ targets this is rewritten)."""
import asyncio


class Cache:
    lock = asyncio.Lock()


async def main():
    async with Cache.lock:
        return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
