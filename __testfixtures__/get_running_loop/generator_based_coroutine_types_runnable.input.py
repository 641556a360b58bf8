# loopshift-fixture: runnable
# A generator decorated with @types.coroutine runs only when a task advances it, so its
# get_event_loop() is the running loop, as in an async def.
import asyncio
import types


@types.coroutine
def pause():
    loop = asyncio.get_event_loop()
    yield  # a bare yield gives the loop one turn
    return loop


async def main():
    loop = await pause()
    print("same loop:", loop is asyncio.get_running_loop())
    print("pending generator, body not run:", type(pause()).__name__)


if __name__ == "__main__":
    asyncio.run(main())
