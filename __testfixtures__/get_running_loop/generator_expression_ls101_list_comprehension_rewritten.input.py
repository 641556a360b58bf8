# loopshift-fixture: runnable
import asyncio


async def main():
    running = asyncio.get_running_loop()
    listed = [asyncio.get_event_loop() for _ in range(2)]
    lazy = (asyncio.get_event_loop() for _ in range(2))
    print([loop is running for loop in listed])
    print([loop is running for loop in lazy])


if __name__ == "__main__":
    asyncio.run(main())
