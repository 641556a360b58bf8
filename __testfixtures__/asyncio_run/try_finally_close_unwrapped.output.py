# loopshift-fixture: runnable
"""try/finally loop.close() in an entry function: asyncio.run() closes the loop itself (P11)."""
import asyncio


async def main():
    await asyncio.sleep(0)
    print("main ran")
    return [1, 2]


def run():
    # the try goes away with the close
    # run main
    value = asyncio.run(main())
    print("value", value)
    print("after the loop")


if __name__ == "__main__":
    run()
