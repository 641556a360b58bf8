# loopshift-fixture: runnable
import asyncio


async def work(n, log):
    await asyncio.sleep(0.02 * n)
    log.append(n)
    return n * 10


async def main():
    loop = asyncio.get_running_loop()
    log = []
    results = await asyncio.gather(work(3, log), work(1, log), work(2, log))
    print("gather", results, log)
    value = await asyncio.wait_for(work(1, log), timeout=5)
    print("wait_for", value)
    inner = loop.create_task(work(1, log))
    print("shield", await asyncio.shield(inner))
    tasks = [loop.create_task(work(n, log)) for n in (2, 1)]
    done, pending = await asyncio.wait(tasks)
    print("wait", sorted(t.result() for t in done), len(pending))
    order = []
    for next_done in asyncio.as_completed([work(3, log), work(1, log)]):
        order.append(await next_done)
    print("as_completed", order)
    print("sleep", await asyncio.sleep(0.01, result="slept"))
    try:
        await asyncio.wait_for(asyncio.sleep(5), 0.02)
    except asyncio.TimeoutError:
        print("timeout")
    empty = await asyncio.gather()
    print("empty gather", empty, loop is asyncio.get_running_loop())


asyncio.run(main())
