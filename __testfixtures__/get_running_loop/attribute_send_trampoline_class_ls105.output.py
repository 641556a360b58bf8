# loopshift-fixture: runnable
import asyncio


class Stepper:
    """Runs a coroutine that never really suspends, without a loop (for sync callers)."""

    def __init__(self, coro):
        self._coro = coro
        self._value = None

    def run(self):
        while True:
            try:
                self._value = self._coro.send(self._value)
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
        print(Stepper(compute(21)).run())
    finally:
        asyncio.set_event_loop(None)
        main_loop.close()
