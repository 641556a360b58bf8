import asyncio


async def work():
    return 1


def with_own_loop():
    # No get_event_loop(): a loop owned here is not a bridge on the caller's loop.
    loop = asyncio.new_event_loop()
    try:
        return loop.run_until_complete(work())
    finally:
        loop.close()


def with_given_loop(loop):
    return loop.run_until_complete(work())


def other_loop_runs(other):
    loop = asyncio.get_event_loop()  # not the loop that runs the coroutine: LS801, not LS802
    return other.run_until_complete(work()), loop
