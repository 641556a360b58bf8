# loopshift-fixture: runnable
# Target 3.10: loop= on a lock or queue raises TypeError on every version the target allows. From
# 3.10 these objects bind to the first loop that waits on them; on 3.9, where this input runs, they
# were bound to X, and waiting on them from another loop failed. So in every run that worked on
# 3.9, X is the loop that waits on them, and the output (run on 3.10-3.13) behaves the same.
import asyncio

loop = asyncio.new_event_loop()
LOCK = asyncio.Lock(loop=loop)
log = []


class Pipeline:
    def __init__(self, loop):
        self.loop = loop
        self.queue = asyncio.Queue(maxsize=1, loop=self.loop)
        self.ready = asyncio.Event(loop=loop)
        self.cond = asyncio.Condition(loop=self.loop)
        self.sem = asyncio.Semaphore(1, loop=loop)
        self.bounded = asyncio.BoundedSemaphore(1, loop=self.loop)
        self.lifo = asyncio.LifoQueue(loop=self.loop)
        self.prio = asyncio.PriorityQueue(loop=self.loop)

    async def producer(self):
        for item in (3, 1, 2):
            await self.queue.put(item)  # waits: maxsize 1
            log.append("put %d" % item)
        self.ready.set()

    async def consumer(self):
        for _ in range(3):
            item = await self.queue.get()
            await self.lifo.put(item)
            await self.prio.put(item)
            log.append("got %d" % item)

    async def waiter(self, box):
        async with self.cond:
            await self.cond.wait_for(lambda: box)
            log.append("condition " + box[0])

    async def holder(self, name, lock):
        async with lock:
            log.append(name + " in")
            await asyncio.sleep(0.01)
            log.append(name + " out")

    async def run(self):
        await asyncio.gather(self.producer(), self.consumer())
        await self.ready.wait()
        box = []
        task = asyncio.ensure_future(self.waiter(box))
        await asyncio.sleep(0)
        async with self.cond:
            box.append("met")
            self.cond.notify_all()
        await task
        await asyncio.gather(self.holder("a", self.sem), self.holder("b", self.sem))
        await asyncio.gather(self.holder("c", LOCK), self.holder("d", LOCK))
        await asyncio.gather(self.holder("e", self.bounded), self.holder("f", self.bounded))
        local = asyncio.Lock(loop=self.loop)
        await asyncio.gather(self.holder("g", local), self.holder("h", local))
        log.append("lifo %s" % [self.lifo.get_nowait() for _ in range(self.lifo.qsize())])
        log.append("prio %s" % [self.prio.get_nowait() for _ in range(self.prio.qsize())])


def make_event(loop):
    return asyncio.Event(loop=loop)


later = lambda: asyncio.Queue(loop=loop)


async def use_made_later(event, queue):
    asyncio.get_running_loop().call_later(0.01, event.set)
    await event.wait()
    await queue.put("later")
    log.append("event and queue made in sync code: %s" % await queue.get())


loop.run_until_complete(Pipeline(loop).run())
loop.run_until_complete(use_made_later(make_event(loop), later()))
loop.close()
for line in log:
    print(line)
