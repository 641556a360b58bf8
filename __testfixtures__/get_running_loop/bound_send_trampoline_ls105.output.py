# loopshift-fixture: runnable
import asyncio


def run_sync(coro):
    # Steps the coroutine through its bound send(): no loop runs it, so get_running_loop() would raise.
    send = coro.send
    try:
        while True:
            send(None)
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
