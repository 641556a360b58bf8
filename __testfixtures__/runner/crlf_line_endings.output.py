# loopshift-fixture: runnable
import asyncio


async def double(x):
    await asyncio.sleep(0)
    return x * 2


if __name__ == "__main__":
    with asyncio.Runner() as runner:
        a = runner.run(double(2))
        b = runner.run(double(a))
    print(a, b)
