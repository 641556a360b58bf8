# loopshift-fixture: runnable
"""Only loop.close() leaves the finally; the rest of the cleanup (and its order) stays."""
import asyncio


async def main():
    await asyncio.sleep(0)
    raise ValueError("boom")


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except ValueError as error:
        print("failed:", error)
    finally:
        print("cleanup 1")
        print("cleanup 2")
