# loopshift-fixture: runnable
"""`from asyncio import get_event_loop`: run is imported in its place (get_event_loop is unused after)."""
from asyncio import get_event_loop, sleep


async def main():
    await sleep(0)
    return "from-import"


if __name__ == "__main__":
    loop = get_event_loop()
    print(loop.run_until_complete(main()))
    loop.close()
