# loopshift-fixture: runnable
import asyncio


class Client:
    def __init__(self, name, loop=None):
        self.name = name
        self._loop = loop or asyncio.get_event_loop()

    async def fetch(self):
        future = self._loop.create_future()
        self._loop.call_soon(future.set_result, self.name)
        return await future

    async def loop_used(self):
        return self._loop


class Worker:
    def __init__(self):
        self._loop = asyncio.get_event_loop()
        self.jobs = 0

    async def work(self, value):
        self.jobs += 1
        return await self._loop.run_in_executor(None, abs, value)

    async def ticks(self, count):
        loop = self._loop
        for _ in range(count):
            yield loop.time() >= 0


class Filled:
    def __init__(self, *, loop=None):
        if loop is None:
            loop = asyncio.get_event_loop()
        self._loop = loop

    async def now(self):
        return self._loop.time() >= 0


async def main():
    running = asyncio.get_running_loop()
    client = Client("a")
    given = Client("b", loop=running)
    print("fetch:", await client.fetch(), await given.fetch())
    print("same loop:", await client.loop_used() is running, await given.loop_used() is running)
    worker = Worker()
    print("work:", await worker.work(-3), worker.jobs)
    print("ticks:", [tick async for tick in worker.ticks(2)])
    print("filled:", await Filled().now(), await Filled(loop=running).now())


if __name__ == "__main__":
    asyncio.run(main())
