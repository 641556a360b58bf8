# loopshift-fixture: runnable
"""`from asyncio import get_event_loop as gel` also used inside a coroutine (get_running_loop's
business): the alias stays imported, the two new names are added next to it."""
from asyncio import (
    get_event_loop as gel,
    sleep,
)


async def main():
    await sleep(0)
    return gel().is_running()


if __name__ == "__main__":
    loop = gel()
    loop.set_debug(False)
    print(loop.run_until_complete(main()))
    loop.close()
