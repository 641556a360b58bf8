# loopshift-fixture: runnable
# P15 rule 8 in a thread's own function: a function or private method that only ever runs as a
# threading.Thread target starts in a fresh thread, where no loop runs, so `asyncio.set_event_loop(v)`
# there makes v what get_event_loop() returns, as in a main guard; loop=v (a name or self.X) right
# after it, with nothing between that can change it, is what the primitives and gather take without it.
import asyncio
import threading


class Background(object):
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.lock = asyncio.Lock()
        self._ready.set()
        self.loop.run_forever()

    def start(self):
        self._thread.start()
        self._ready.wait(2)
        return self

    def submit(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(2)

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join()
        self.loop.close()


def worker(results, n):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    q = asyncio.Queue()

    async def go():
        for i in range(n):
            await q.put(i)
        total = 0
        while not q.empty():
            total += await q.get()
        return total

    both = asyncio.gather(go(), go())
    results.append(loop.run_until_complete(go()))
    results.append(sum(loop.run_until_complete(both)))
    loop.close()


async def guarded(bg, x):
    async with bg.lock:
        await asyncio.sleep(0.001)
        return x * 10


if __name__ == "__main__":
    bg = Background().start()
    print("bg", [bg.submit(guarded(bg, i)) for i in range(3)])
    results = []
    threads = [threading.Thread(target=worker, args=(results, n)) for n in (3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("threads", sorted(results))
    bg.stop()
