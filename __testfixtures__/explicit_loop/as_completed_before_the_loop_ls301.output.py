# probe round 12, B p48: from 3.13 as_completed() makes its tasks when called, on get_event_loop()'s loop.
# The get_event_loop() after it returned that loop; a new explicit loop would never run those tasks (the
# program hung on 3.13). Left unchanged (LS301).
import asyncio


async def fetch(n):
    await asyncio.sleep(0.001 * n)
    return n


async def report(results):
    for fut in results:
        print("got", await fut)


if __name__ == "__main__":
    results = asyncio.as_completed([fetch(3), fetch(1), fetch(2)])
    loop = asyncio.get_event_loop()
    loop.run_until_complete(report(results))
    loop.close()
