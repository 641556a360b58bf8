# loopshift-fixture: runnable
"""The loop was never closed, so it stayed open (and current) to the end: the with-block does too."""
import asyncio


async def greet(who):
    await asyncio.sleep(0)
    return "hello " + who


def main():
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(greet("a")))
    print(loop.run_until_complete(greet("b")))
    print("done")


if __name__ == "__main__":
    main()
    print("after main")
