# loopshift-fixture: runnable
"""P7: wait_for() gets the wrapper too; the timeout still fires and cancels the inner coroutine."""
import asyncio


async def slow():
    try:
        await asyncio.sleep(5)
    finally:
        print("slow() cleaned up")
    return "slow"


def run_with_timeout():
    try:
        async def _main():
            return await asyncio.wait_for(slow(), timeout=0.01)
        asyncio.run(_main())
    except asyncio.TimeoutError:
        print("timed out")


if __name__ == "__main__":
    run_with_timeout()
