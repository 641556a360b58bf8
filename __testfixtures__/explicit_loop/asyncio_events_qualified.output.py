# loopshift-fixture: runnable
"""asyncio.events.get_event_loop() is asyncio's get_event_loop too."""
import asyncio.events


async def main():
    return "events"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_debug(False)
    print(loop.run_until_complete(main()), loop is asyncio.get_event_loop_policy().get_event_loop())
    loop.close()
