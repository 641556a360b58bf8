# probe round 10, m7: the coroutine stops the loop: run_until_complete() raises RuntimeError with main() still
# pending, never resumed. asyncio.run() would cancel it and run its finally ("main finally" printed). A .stop
# in a coroutine is left to explicit_loop (pending_work.stops_a_loop).
import asyncio


async def main():
    try:
        asyncio.get_event_loop().stop()
        await asyncio.sleep(1)
    finally:
        print("main finally")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(main())
    except RuntimeError as exc:
        print("aborted:", exc)
