# loopshift-fixture: runnable
"""The loop was never made current: Runner(loop_factory=...) does not make it current either."""
import asyncio


async def job(n):
    await asyncio.sleep(0)
    return n


def main():
    loop = asyncio.new_event_loop()
    x = loop.run_until_complete(job(1))
    y = loop.run_until_complete(job(2))
    loop.close()
    print(x + y)


if __name__ == "__main__":
    main()
