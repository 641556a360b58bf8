# loopshift-fixture: runnable
import asyncio

log = []


async def holder(name, lock, delay):
    async with lock:
        log.append(name + " in")
        await asyncio.sleep(delay)
        log.append(name + " out")


async def waiter(name, event):
    await event.wait()
    log.append(name + " woke")


async def consumer(cond, box):
    async with cond:
        await cond.wait_for(lambda: box)
        log.append("got " + box[0])


async def limited(sem, n, active):
    async with sem:
        active.append(n)
        log.append("max active %d" % len(active))
        await asyncio.sleep(0.01)
        active.remove(n)


async def main():
    lock = asyncio.Lock(loop=asyncio.get_running_loop())
    await asyncio.gather(holder("a", lock, 0.02), holder("b", lock, 0))

    event = asyncio.Event(loop=asyncio.get_event_loop())
    woken = asyncio.ensure_future(asyncio.gather(waiter("x", event), waiter("y", event)))
    await asyncio.sleep(0)
    log.append("setting")
    event.set()
    await woken

    cond = asyncio.Condition(loop=asyncio.get_running_loop())
    box = []
    task = asyncio.ensure_future(consumer(cond, box))
    await asyncio.sleep(0)
    async with cond:
        box.append("item")
        cond.notify_all()
    await task

    sem = asyncio.Semaphore(2, loop=asyncio.get_event_loop())
    await asyncio.gather(*(limited(sem, n, []) for n in range(1)))
    active = []
    await asyncio.gather(*(limited(sem, n, active) for n in range(4)))

    bounded = asyncio.BoundedSemaphore(1, loop=asyncio.get_running_loop())
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError as error:
        log.append("bounded: %s" % error)

    for line in log:
        print(line)


asyncio.run(main())
