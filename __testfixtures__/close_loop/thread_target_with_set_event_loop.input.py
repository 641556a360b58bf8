# loopshift-fixture: runnable
"""The worker's thread ends with the function, so nobody can see the closed current loop."""
import asyncio
import gc
import threading


async def job(n):
    await asyncio.sleep(0)
    return n + 100


def worker(n):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    value = loop.run_until_complete(job(n))
    print("worker", n, "got", value, "current loop is open:", not asyncio.get_event_loop().is_closed())


for i in range(3):
    thread = threading.Thread(target=worker, args=(i,))
    thread.start()
    thread.join()
gc.collect()
print("main thread done")
