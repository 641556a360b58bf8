# probe round 12, W2: a thread target that makes, runs and closes its own loop, then reads the thread's
# current loop. The old code left the closed loop current in that thread; asyncio.run() leaves none, so the
# read after it would raise. Only a target whose try is its last statement is rewritten.
import asyncio
import threading


async def work():
    await asyncio.sleep(0)
    return 42


def worker(results):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        results.append(loop.run_until_complete(work()))
    finally:
        loop.close()
    results.append(asyncio.get_event_loop().is_closed())


if __name__ == "__main__":
    results = []
    thread = threading.Thread(target=worker, args=(results,))
    thread.start()
    thread.join()
    print(results)
