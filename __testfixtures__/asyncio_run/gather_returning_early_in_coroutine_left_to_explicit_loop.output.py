# A gather() of several children without return_exceptions=True, awaited inside main(), raises on the first
# error while the other children still run. main() goes on; asyncio.run() would cancel the one still sleeping at
# its end and run its finally ("slow cleanup" printed), where run_until_complete() left it pending (P3a
# condition 7; probe round 9, B4). A gather nobody awaits runs its children in the background the same way.
# Left to explicit_loop.
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
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    print("after")
