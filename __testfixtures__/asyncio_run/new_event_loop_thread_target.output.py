# loopshift-fixture: runnable
"""P14: a Thread target that owns its loop; the thread ends right after, so the current loop it
leaves behind cannot be observed."""
import asyncio
import threading


async def compute(n):
    await asyncio.sleep(0)
    return n * n


def worker(n, out):
    out.append(asyncio.run(compute(n)))


if __name__ == "__main__":
    results = []
    threads = [threading.Thread(target=worker, args=(n, results)) for n in (2, 3)]
    for thread in threads:
        thread.start()
        thread.join()
    print(results)
