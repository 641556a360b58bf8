# loopshift-fixture: runnable
"""Calls of this file's coroutine functions before get_event_loop() - an async def, a generator-based
coroutine (@types.coroutine on a generator, docs/SEMANTICS.md B5) - run none of their bodies: the
call makes no loop current, so get_event_loop() still creates the loop and the rewrite holds, even
though a sync method named like one of them touches the loop."""
import asyncio
import types


class Reporter:
    def main(self):
        return asyncio.get_event_loop()

    def tick(self):
        return asyncio.get_event_loop()


async def main(name):
    await asyncio.sleep(0)
    return "hello " + name


@types.coroutine
def tick():
    yield from asyncio.sleep(0)
    return "tick"


if __name__ == "__main__":
    first = main("world")
    second = tick()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(first))
    print(loop.run_until_complete(second))
    loop.close()
