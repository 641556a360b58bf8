# loopshift-fixture: runnable
# P15 rule 8 in a thread's own function, started through functools.partial: Thread(target=partial(f, a))
# runs f(a, *args) in the new thread and nothing else, so f is still a function that only ever runs as a
# thread's target; set_event_loop(v) at its top makes v the loop the primitives take without loop=.
import asyncio
import functools
import threading
from functools import partial


def _worker(results, name, loop):
    asyncio.set_event_loop(loop)
    q = asyncio.Queue()
    q.put_nowait(name)
    results.append((name, q.get_nowait(), asyncio.get_event_loop() is loop))
    loop.close()


class Service:
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=functools.partial(self._serve, "svc"))

    def _serve(self, tag):
        asyncio.set_event_loop(self.loop)
        lock = asyncio.Lock()

        async def use():
            async with lock:
                return tag + "-locked"

        print(self.loop.run_until_complete(use()))
        self.loop.close()


if __name__ == "__main__":
    results = []
    threads = [threading.Thread(target=partial(_worker, results, n), args=(asyncio.new_event_loop(),))
               for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(sorted(results))
    service = Service()
    service.thread.start()
    service.thread.join()
