# loopshift-fixture: runnable
import asyncio


async def double(value):
    await asyncio.sleep(0)
    return value * 2


async def main():
    loop = asyncio.get_running_loop()  # the loop running this coroutine
    results = await asyncio.gather(double(1), double(2))
    print(loop is asyncio.get_running_loop())
    print(results)


if __name__ == "__main__":
    asyncio.run(main())
