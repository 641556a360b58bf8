# loopshift-fixture: runnable
# The entry function imports set_event_loop itself: the import goes with the rewritten lines, and every
# run and the print stay (an older version dropped a run here).
import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n


def main():
    with asyncio.Runner() as runner:
        a = runner.run(work(1))
        b = runner.run(work(2))
    print(a, b)


if __name__ == "__main__":
    main()
