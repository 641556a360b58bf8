# probe round 8, W01: the code after the run passes the run's value as a star argument, print(*lines).
# loopshift-fixture: runnable
"""Unpacking iterates its value: here a generator the coroutine returned, whose body reads the current loop.
Under asyncio.run() that body would run once the loop is closed and unset (RuntimeError from 3.12, a closed
loop before), so a star argument is not plain data after the run (P3a condition 4; after_run.py, _plain).
Left to explicit_loop, which keeps the loop open and current."""
import asyncio


def report(names):
    for name in names:
        loop = asyncio.get_event_loop()
        yield "%s:%s" % (name, "closed" if loop.is_closed() else "open")


async def main():
    await asyncio.sleep(0)
    return report(["a", "b"])


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    lines = loop.run_until_complete(main())
    print(*lines)
