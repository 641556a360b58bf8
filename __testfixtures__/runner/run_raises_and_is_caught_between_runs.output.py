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
    with asyncio.Runner() as runner:
        attempts = 0
        for _ in range(2):
            attempts += 1
            try:
                runner.run(fail())
            except ValueError as error:
                print("caught:", error)
        print(runner.run(recover(attempts)))
