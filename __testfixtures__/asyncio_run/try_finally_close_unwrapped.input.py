# loopshift-fixture: runnable
"""try/finally loop.close() in an entry function: asyncio.run() closes the loop itself (P11)."""
import asyncio


async def main():
    await asyncio.sleep(0)
    print("main ran")
    return [1, 2]


def run():
    loop = asyncio.get_event_loop()
    # the try goes away with the close
    try:
        # run main
        value = loop.run_until_complete(main())
        print("value", value)
    finally:
        loop.close()
    print("after the loop")


if __name__ == "__main__":
    run()
