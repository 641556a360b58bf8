# loopshift-fixture: runnable
"""from-imported new_event_loop/set_event_loop: run takes new_event_loop's place, and both old names
leave the import once nothing uses them."""
from asyncio import run, sleep  # loop helpers


async def main():
    await sleep(0)
    return "owned"


def entry():
    print(run(main()))


if __name__ == "__main__":
    entry()
