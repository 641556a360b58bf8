# loopshift-fixture: runnable
"""Earlier code on the entry path only reads the current loop: jobs scheduled with ensure_future() in a
helper and a Lock made outside a coroutine (bound to the current loop on 3.8/3.9). They got the implicit
loop, which the get_event_loop() below returns: LS301. The unsafe fix makes the loop first, before
them, so they and the runs still share one loop."""
import asyncio

results = []


async def work(n, lock):
    async with lock:
        await asyncio.sleep(0)
        results.append(n)
        return n * 2


def schedule(lock):
    return [asyncio.ensure_future(work(n, lock)) for n in range(3)]


if __name__ == "__main__":
    print("start")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    # the lock and the jobs bind to the loop that is current when they are made
    lock = asyncio.Lock()
    jobs = schedule(lock)
    print(loop.run_until_complete(asyncio.gather(*jobs)))
    print(sorted(results), all(job.done() for job in jobs))
    print(loop is asyncio.get_event_loop())
    loop.close()
