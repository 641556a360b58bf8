# loopshift-fixture: runnable
"""`from asyncio import get_event_loop`: new_event_loop and set_event_loop join the import, and
get_event_loop leaves it because nothing uses it any more."""
from asyncio import new_event_loop, set_event_loop, sleep


async def main():
    await sleep(0)
    return "from-import"


if __name__ == "__main__":
    loop = new_event_loop()
    set_event_loop(loop)
    try:
        print(loop.run_until_complete(main()))
    except KeyboardInterrupt:
        pass
    finally:
        loop.close()
