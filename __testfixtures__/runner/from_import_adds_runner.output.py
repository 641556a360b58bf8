# loopshift-fixture: runnable
from asyncio import Runner, sleep


async def tick(n):
    await sleep(0)
    return n + 1


if __name__ == "__main__":
    with Runner() as runner:
        n = runner.run(tick(0))
        n = runner.run(tick(n))
    print("ticks:", n)
