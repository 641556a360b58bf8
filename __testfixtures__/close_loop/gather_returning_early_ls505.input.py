# loopshift-fixture: runnable
# A gather() of several children without return_exceptions=True raises on the first error while the others
# still run: slow() is still waiting when the run ends. An added close() would destroy its task at once (its
# finally runs then) where the old code left it pending (P11; probe round 9, B4). LS505, left open.
import asyncio


async def slow():
    try:
        await asyncio.sleep(1)
    finally:
        print("slow cleanup")


async def boom():
    raise ValueError("boom")


async def main():
    try:
        await asyncio.gather(slow(), boom())
    except ValueError as e:
        print("caught", e)
    print("main done")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main())
    print("after")
