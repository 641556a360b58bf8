# loopshift-fixture: runnable
"""from-imported new_event_loop/set_event_loop: run takes new_event_loop's place, and both old names
leave the import once nothing uses them."""
from asyncio import new_event_loop, set_event_loop, sleep  # loop helpers


async def main():
    await sleep(0)
    return "owned"


def entry():
    loop = new_event_loop()
    set_event_loop(loop)
    try:
        print(loop.run_until_complete(main()))
    finally:
        loop.close()


if __name__ == "__main__":
    entry()
