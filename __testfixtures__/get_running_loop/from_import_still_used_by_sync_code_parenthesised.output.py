# loopshift-fixture: runnable
import asyncio
from asyncio import (
    gather,
    get_event_loop,
    get_running_loop,
)


def loop_seen_by_sync_code():
    # Sync code keeps get_event_loop(): the caller decides which loop it gets.
    return get_event_loop()


async def main():
    loop = get_running_loop()
    print(loop is loop_seen_by_sync_code())
    print(await gather(asyncio.sleep(0, "a"), asyncio.sleep(0, "b")))


if __name__ == "__main__":
    asyncio.run(main())
