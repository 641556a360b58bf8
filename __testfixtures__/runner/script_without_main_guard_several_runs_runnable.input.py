# loopshift-fixture: runnable
import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n * 2


loop = asyncio.get_event_loop()
print(loop.run_until_complete(work(1)))
print(loop.run_until_complete(work(2)))
loop.close()
