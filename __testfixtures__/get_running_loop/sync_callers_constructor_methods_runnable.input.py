# loopshift-fixture: runnable
# Private methods of a private plain class, called only as self._m(...) from its coroutine methods, from
# methods proven the same way, from its proven constructor, or as a loop callback (docs/SEMANTICS.md P2a
# rule 5): each runs under the loop that runs the coroutine, so get_event_loop() is that loop.
import asyncio


class _Worker:
    def __init__(self, name):
        self.name = name
        self.created = self._stamp()
        self.ticks = []

    def _stamp(self):
        return asyncio.get_event_loop().time()

    def _loop(self):
        return asyncio.get_event_loop()

    def _deadline(self, delay):
        return self._loop().time() + delay

    def _tick(self, done):
        self.ticks.append(asyncio.get_event_loop() is asyncio.get_running_loop())
        done.set_result(len(self.ticks))

    def _unsafe(self):  # also called from sync code: kept
        return asyncio.get_event_loop()

    def describe(self):
        return "%s, closed: %s" % (self.name, self._unsafe().is_closed())

    async def run(self):
        running = asyncio.get_running_loop()
        done = running.create_future()
        running.call_soon(self._tick, done)
        print("loop:", self._loop() is running, "deadline:", self._deadline(5) > running.time(),
              "created:", self.created <= running.time(), "unsafe:", self._unsafe() is running)
        print("callback:", await done, self.ticks)


async def main():
    worker = _Worker("w")
    await worker.run()
    return worker


print(asyncio.run(main()).name)
