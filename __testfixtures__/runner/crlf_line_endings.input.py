# loopshift-fixture: runnable
import asyncio


async def double(x):
    await asyncio.sleep(0)
    return x * 2


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    a = loop.run_until_complete(double(2))
    b = loop.run_until_complete(double(a))
    loop.close()
    print(a, b)
