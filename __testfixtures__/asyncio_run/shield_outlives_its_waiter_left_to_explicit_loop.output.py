# shield() keeps its awaitable running when the waiter gives up (here wait_for's timeout): asyncio.run() would
# cancel it at its end and run its finally ("inner cleanup" printed), where run_until_complete() left it pending
# (P3a condition 7; probe round 9, B4). Left to explicit_loop.
import asyncio


async def inner():
    try:
        await asyncio.sleep(1)
    finally:
        print("inner cleanup")


async def main():
    try:
        await asyncio.wait_for(asyncio.shield(inner()), 0.05)
    except asyncio.TimeoutError:
        print("timeout")
    print("main done")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    print("after")
