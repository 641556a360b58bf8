# loopshift-fixture: runnable
"""docs/SEMANTICS.md P1c: a sync def and a lambda the coroutine defines and only calls in place, in its own
body (before and after an await, in an f-string, as another call's argument): their bodies run inside the
coroutine's steps, under the running loop, so get_event_loop() there becomes get_running_loop()."""
import asyncio


async def handle(name, ticks):
    start = asyncio.get_event_loop().time()

    def elapsed():
        # the loop's clock, read in place
        return asyncio.get_event_loop().time() - start

    same = lambda: asyncio.get_event_loop() is asyncio.get_running_loop()
    first = elapsed() >= 0
    for _ in range(ticks):
        await asyncio.sleep(0)
    print(f"{name}: first={first} later={elapsed() >= 0} same={same()}")
    return max(0.0, elapsed()) >= 0 and same()


async def main():
    results = await asyncio.gather(handle("a", 1), handle("b", 3))
    print("all:", all(results))


if __name__ == "__main__":
    asyncio.run(main())
