# probe round 8, W01 (second case): the code after the run extends a module-level list with the run's value.
# loopshift-fixture: runnable
"""list.extend() (like dict.update()) iterates its argument, here a generator the coroutine returned whose body
reads the current loop: after asyncio.run() it would find the loop closed and unset. extend and update are not
among the container methods that only store their argument (after_run.py, _CONTAINER_METHODS). Left to
explicit_loop."""
import asyncio

COLLECTED = []


def states(count):
    for index in range(count):
        loop = asyncio.get_event_loop()
        yield "%d:%s" % (index, "closed" if loop.is_closed() else "open")


async def main():
    await asyncio.sleep(0)
    return states(2)


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    result = loop.run_until_complete(main())
    COLLECTED.extend(result)
    print(COLLECTED)
