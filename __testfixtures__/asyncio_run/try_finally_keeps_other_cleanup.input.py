# loopshift-fixture: runnable
"""Only loop.close() leaves the finally; the rest of the cleanup (and its order) stays."""
import asyncio


async def main():
    await asyncio.sleep(0)
    raise ValueError("boom")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(main())
    except ValueError as error:
        print("failed:", error)
    finally:
        print("cleanup 1")
        loop.close()
        print("cleanup 2")
