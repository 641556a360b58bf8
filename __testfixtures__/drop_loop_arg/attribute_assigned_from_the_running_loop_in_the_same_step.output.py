# loopshift-fixture: runnable
# self._loop assigned from asyncio.get_running_loop() (or get_event_loop(), called in a coroutine's body)
# earlier in the same coroutine, with no await, yield, async for or async with in between: nothing else
# runs on this thread's loop meanwhile, and every other assignment of `._loop` in the file also takes
# the running loop, so loop=self._loop is the loop running the coroutine. Another loop runs the same
# object later (a second run): the assignment happens again before each use.
import asyncio


class Pool:
    def __init__(self, size):
        self.size = size
        self._loop = None

    async def start(self):
        self._loop = asyncio.get_running_loop()
        self._queue = asyncio.Queue()
        self._lock = asyncio.Lock(); self._ready = asyncio.Event()
        for n in range(self.size):
            self._queue.put_nowait(n)
        if self.size > 1:
            self._pending = asyncio.gather(*[self._take() for _ in range(self.size)])
        self._ready.set()
        return await self._pending

    async def _take(self):
        async with self._lock:
            return await self._queue.get()

    async def restart(self):
        self._loop = asyncio.get_event_loop()
        waiter = asyncio.wait_for(self._ready.wait(), 1)
        self._ready = asyncio.Event()
        self._ready.set()
        return await waiter


class Settings:
    @classmethod
    async def load(cls):
        cls._loop = asyncio.get_running_loop()
        cls.changed = asyncio.Condition()
        async with cls.changed:
            return "settings"


async def main():
    pool = Pool(3)
    print("taken", sorted(await pool.start()))
    print("restarted", await pool.restart())
    print(await Settings.load())
    return pool


pool = asyncio.run(main())


async def again():
    print("second run", sorted(await pool.start()), await Settings.load())


asyncio.run(again())
