"""asyncio.run() earlier in the entry path leaves no current loop: this get_event_loop() raises
RuntimeError today, and new_event_loop() + set_event_loop() would silently make it work. Reported."""
import asyncio


async def setup():
    return 1


async def main():
    return 2


if __name__ == "__main__":
    asyncio.run(setup())
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
