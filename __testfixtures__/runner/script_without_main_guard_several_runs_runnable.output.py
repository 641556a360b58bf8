# loopshift-fixture: runnable
import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n * 2


with asyncio.Runner() as runner:
    print(runner.run(work(1)))
    print(runner.run(work(2)))
