# loopshift-fixture: runnable
import asyncio
import functools


def run_sync(coro):
    # A partial of the bound send() steps the coroutine with no loop running it.
    step = functools.partial(coro.send, None)
    try:
        while True:
            step()
    except StopIteration as stop:
        return stop.value


async def compute(x):
    loop = asyncio.get_event_loop()
    return x * 2, loop.is_running()


if __name__ == "__main__":
    # A current loop, never run: get_event_loop() returns it (no warning on 3.12+); no loop is running.
    main_loop = asyncio.new_event_loop()
    asyncio.set_event_loop(main_loop)
    try:
        print(run_sync(compute(21)))
    finally:
        asyncio.set_event_loop(None)
        main_loop.close()
