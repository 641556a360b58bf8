# loopshift-fixture: runnable
import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n * 3


if __name__ == "__main__":
    with asyncio.Runner() as runner:
        total = runner.run(work(1)) + runner.run(work(2))
    print(total)
