# P15 rule 8's thread form: a Thread's run() called in place runs its target in the calling thread, where a
# loop may be running. Any spelling of that call declines the form for the file: `threading.Thread.run(t)`,
# `type(t).run(t)`, the method taken as a value or named in a string (probe round 7, W05 and W06).
import asyncio
import threading


async def job(n):
    await asyncio.sleep(0)
    return n


def _worker(n):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    fut = asyncio.gather(job(n), job(n), loop=loop)
    try:
        print("worker result", loop.run_until_complete(fut))
    finally:
        loop.close()


async def main(inline):
    t = threading.Thread(target=_worker, args=(10,))
    if inline:
        threading.Thread.run(t)
    else:
        t.start()
        t.join()
