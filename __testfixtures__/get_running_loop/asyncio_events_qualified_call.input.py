# loopshift-fixture: runnable
import asyncio
import asyncio.events


async def main():
    loop = asyncio.events.get_event_loop()
    print(loop is asyncio.get_running_loop())
    print(loop.is_running())


if __name__ == "__main__":
    asyncio.run(main())
