# loopshift-fixture: runnable
import asyncio


def make_coroutine():
    async def inner():
        return asyncio.get_event_loop()
    return inner


async def main():
    async def helper():
        return asyncio.get_event_loop()

    first = await make_coroutine()()
    second = await helper()
    print(first is second, f"{asyncio.get_event_loop() is first}")


if __name__ == "__main__":
    asyncio.run(main())
