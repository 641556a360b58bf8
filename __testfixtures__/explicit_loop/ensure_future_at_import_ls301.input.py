"""ensure_future() at import time creates (and sets) the implicit loop and binds a task to it: the
later get_event_loop() returns that loop. Reported."""
import asyncio


async def main():
    return 1


future = asyncio.ensure_future(main())

if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(future))
