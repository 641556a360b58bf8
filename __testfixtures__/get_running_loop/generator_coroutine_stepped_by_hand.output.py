# probe round 14, G p11: a @types.coroutine generator also stepped with next() from sync code runs with no loop
# running there: its get_event_loop() stays (a generator-based coroutine counts as one only when every use of its
# name is awaited or yielded from in a coroutine).
import asyncio
import types


@types.coroutine
def tick():
    print(asyncio.get_event_loop() is not None)
    yield


async def main():
    await tick()


def step():
    next(tick())
