# loopshift-fixture: runnable
import asyncio


async def work(n, log):
    await asyncio.sleep(0.02 * n)
    log.append(n)
    return n * 10


async def main():
    loop = asyncio.get_running_loop()
    log = []
    results = await asyncio.gather(work(3, log), work(1, log), work(2, log), loop=loop)
    print("gather", results, log)
    value = await asyncio.wait_for(work(1, log), timeout=5, loop=loop)
    print("wait_for", value)
    inner = loop.create_task(work(1, log))
    print("shield", await asyncio.shield(inner, loop=loop))
    tasks = [loop.create_task(work(n, log)) for n in (2, 1)]
    done, pending = await asyncio.wait(tasks, loop=loop)
    print("wait", sorted(t.result() for t in done), len(pending))
    order = []
    for next_done in asyncio.as_completed([work(3, log), work(1, log)], loop=loop):
        order.append(await next_done)
    print("as_completed", order)
    print("sleep", await asyncio.sleep(0.01, result="slept", loop=loop))
    try:
        await asyncio.wait_for(asyncio.sleep(5, loop=loop), 0.02, loop=loop)
    except asyncio.TimeoutError:
        print("timeout")
    empty = await asyncio.gather(loop=loop)
    print("empty gather", empty, loop is asyncio.get_running_loop())


asyncio.run(main())
