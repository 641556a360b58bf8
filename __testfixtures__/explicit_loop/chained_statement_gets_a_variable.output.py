# loopshift-fixture: runnable
"""The chained form where asyncio.run() is not safe (KeyboardInterrupt is handled): the loop gets
a name so it can be created and set first."""
import asyncio


async def main():
    await asyncio.sleep(0)
    return "chained"


if __name__ == "__main__":
    try:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        print(loop.run_until_complete(main()))  # run
    except KeyboardInterrupt:
        print("interrupted")
    asyncio.get_event_loop().close()
