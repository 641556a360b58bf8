# loopshift-fixture: runnable
import asyncio
from asyncio import new_event_loop, set_event_loop


async def work(n):
    await asyncio.sleep(0)
    return n * 3


if __name__ == "__main__":
    loop = new_event_loop()
    set_event_loop(loop)
    total = loop.run_until_complete(work(1)) + loop.run_until_complete(work(2))
    loop.close()
    print(total)
