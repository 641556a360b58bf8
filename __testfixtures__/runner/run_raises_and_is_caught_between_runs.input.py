# loopshift-fixture: runnable
"""An exception from a run propagates the same way; the loop stays usable for the next run."""
import asyncio


async def fail():
    await asyncio.sleep(0)
    raise ValueError("bad input")


async def recover(attempts):
    await asyncio.sleep(0)
    return "recovered after %d attempt(s)" % attempts


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    attempts = 0
    for _ in range(2):
        attempts += 1
        try:
            loop.run_until_complete(fail())
        except ValueError as error:
            print("caught:", error)
    print(loop.run_until_complete(recover(attempts)))
    loop.close()
