# loopshift-fixture: runnable
import asyncio as aio
import asyncio.queues
from asyncio import LifoQueue, Queue as Q, get_running_loop as grl
from asyncio import sleep as nap


async def produce(queue, items):
    for item in items:
        await queue.put(item)
        await nap(0, loop=grl())


async def main():
    loop = grl()
    fifo = Q(loop=loop)
    lifo = LifoQueue(maxsize=5, loop=loop)
    prio = asyncio.queues.PriorityQueue(loop=loop)
    await aio.gather(produce(fifo, [1, 2, 3]), produce(lifo, "abc"), produce(prio, [5, 1, 3]), loop=loop)
    print("fifo", [fifo.get_nowait() for _ in range(fifo.qsize())])
    print("lifo", [lifo.get_nowait() for _ in range(lifo.qsize())])
    print("prio", [prio.get_nowait() for _ in range(prio.qsize())])
    bounded = aio.Queue(1, loop=loop)
    bounded.put_nowait("only")
    try:
        await aio.wait_for(bounded.put("blocked"), 0.01, loop=loop)
    except aio.TimeoutError:
        print("full:", bounded.get_nowait())


aio.run(main())
