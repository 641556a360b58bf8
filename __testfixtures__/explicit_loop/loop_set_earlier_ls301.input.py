"""A loop set earlier in the entry path (set_event_loop(), or a helper that calls get_event_loop()):
this get_event_loop() returns it, and a second loop would orphan it. Reported."""
import asyncio


def warm_up():
    return asyncio.get_event_loop().time()


async def main():
    return 1


def first():
    asyncio.set_event_loop(asyncio.new_event_loop())
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())


def second():
    warm_up()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())


if __name__ == "__main__":
    first()
    second()
