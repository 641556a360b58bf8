# loopshift-fixture: runnable
# The entry function imports set_event_loop itself: the import goes with the rewritten lines, and every
# run and the print stay (an older version dropped a run here).
import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n


def main():
    from asyncio import set_event_loop
    loop = asyncio.new_event_loop()
    set_event_loop(loop)
    a = loop.run_until_complete(work(1))
    b = loop.run_until_complete(work(2))
    loop.close()
    print(a, b)


if __name__ == "__main__":
    main()
