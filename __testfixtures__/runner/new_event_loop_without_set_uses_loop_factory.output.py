# loopshift-fixture: runnable
"""The loop was never made current: Runner(loop_factory=...) does not make it current either."""
import asyncio


async def job(n):
    await asyncio.sleep(0)
    return n


def main():
    with asyncio.Runner(loop_factory=asyncio.new_event_loop) as runner:
        x = runner.run(job(1))
        y = runner.run(job(2))
    print(x + y)


if __name__ == "__main__":
    main()
