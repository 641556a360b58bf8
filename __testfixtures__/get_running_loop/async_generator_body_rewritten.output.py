# loopshift-fixture: runnable
import asyncio


async def ticks(count):
    loop = asyncio.get_running_loop()
    for index in range(count):
        await asyncio.sleep(0)
        yield index, loop is asyncio.get_running_loop()


async def main():
    async for tick in ticks(3):
        print(tick)


if __name__ == "__main__":
    asyncio.run(main())
