# loopshift-fixture: runnable
# probe round 10, m7: the coroutine stops the loop, so run_until_complete() raises RuntimeError with main() still
# pending on its sleep. An added close() would drop the sleep's timer and the task with it: main()'s finally
# would run then ("main finally" printed), where the old code left it alone (P11). LS505, left open.
import asyncio


async def main():
    try:
        asyncio.get_running_loop().stop()
        await asyncio.sleep(1)
    finally:
        print("main finally")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main())
    except RuntimeError as exc:
        print("aborted:", exc)
