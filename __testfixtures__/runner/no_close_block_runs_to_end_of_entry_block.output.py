# loopshift-fixture: runnable
"""The loop was never closed, so it stayed open (and current) to the end: the with-block does too."""
import asyncio


async def greet(who):
    await asyncio.sleep(0)
    return "hello " + who


def main():
    with asyncio.Runner() as runner:
        print(runner.run(greet("a")))
        print(runner.run(greet("b")))
        print("done")


if __name__ == "__main__":
    main()
    print("after main")
