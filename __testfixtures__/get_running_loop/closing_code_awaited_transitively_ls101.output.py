# Closing code (docs/SEMANTICS.md P1): what a coroutine closed with no loop running still runs. Besides its
# finally: blocks, the coroutines they await, transitively and by name (`await self._pool.release(c)` makes
# every `release` closing code), every __aexit__ and what it awaits, the __aenter__ of an `async with` in
# closing code, the aclose() that contextlib.aclosing awaits, and the coroutines another module's closing
# code awaits (the driver's closingAwaited facts: here `close`). Those keep get_event_loop(); so does a
# private method only they call (P2a rule 5). Coroutines only a running loop drives are rewritten.
import asyncio
from contextlib import aclosing


class _Pool:
    def __init__(self):
        self.free = []

    def _stamp(self):
        return asyncio.get_running_loop().time()

    async def release(self, conn):
        await self._flush(conn)

    async def _flush(self, conn):
        self.free.append((conn, asyncio.get_event_loop().time()))

    async def acquire(self):
        asyncio.get_running_loop()
        return self.free.pop() if self.free else object(), self._stamp()

    async def close(self):
        asyncio.get_event_loop().call_soon(print, "closed")

    async def aclose(self):
        asyncio.get_event_loop()


class _Lock:
    async def __aenter__(self):
        asyncio.get_event_loop()
        return self

    async def __aexit__(self, *exc):
        self._stamp_exit()

    def _stamp_exit(self):
        return asyncio.get_event_loop().time()


async def worker(pool):
    conn = await pool.acquire()
    try:
        await asyncio.sleep(1)
    finally:
        async with _Lock():
            await pool.release(conn)
