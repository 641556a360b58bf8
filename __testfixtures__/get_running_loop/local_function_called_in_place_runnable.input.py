# loopshift-fixture: runnable
"""docs/SEMANTICS.md P1c: sync defs and a lambda the coroutine defines and only calls in place, in its own
body (before and after an await, in an f-string, as another call's argument), or hands, uncalled, to the
call_soon or call_later of a loop proven asyncio's (a local bound to get_running_loop(), or the call in
place): their bodies run inside the coroutine's steps or the loop's callbacks, under the running loop, so
get_event_loop() there becomes get_running_loop()."""
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


async def callbacks():
    seen = []

    def report(label):
        seen.append((label, asyncio.get_event_loop() is asyncio.get_running_loop()))

    def print_done(task):
        seen.append(("done " + task.result(), "no loop asked"))

    async def job():
        await asyncio.sleep(0)
        return "job"

    loop = asyncio.get_running_loop()
    loop.call_soon(report, "soon")
    asyncio.get_running_loop().call_later(0, report, "later")
    task = asyncio.ensure_future(job())
    task.add_done_callback(print_done)
    await task
    for _ in range(3):
        await asyncio.sleep(0)
    print(seen)


async def main():
    results = await asyncio.gather(handle("a", 1), handle("b", 3))
    print("all:", all(results))
    await callbacks()


if __name__ == "__main__":
    asyncio.run(main())
