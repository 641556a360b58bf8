# loopshift-fixture: runnable
from asyncio import get_event_loop, sleep


async def tick(n):
    await sleep(0)
    return n + 1


if __name__ == "__main__":
    loop = get_event_loop()
    n = loop.run_until_complete(tick(0))
    n = loop.run_until_complete(tick(n))
    loop.close()
    print("ticks:", n)
