# After a statement that may swallow the GeneratorExit of closing a coroutine and complete, the coroutine
# goes on with no loop running (docs/SEMANTICS.md P1, closing code): get_event_loop() stays, LS101. What
# may swallow it: a handler for BaseException, GeneratorExit or a name that may hold a tuple of them, a
# suppress() of such; a handler that ends in raise or return does not go on. Aliases: `__aexit__ = _exit`.
import asyncio
import contextlib

import aiohttp
from errors import RETRYABLE, Retryable

Base = BaseException


async def consume(queue):
    async for item in queue.items():
        print(asyncio.get_event_loop(), item)  # the next iteration
        try:
            await queue.ack(item)
        except RETRYABLE:
            continue
    asyncio.get_event_loop()


async def aliased(queue):
    try:
        await queue.get()
    except (ValueError, Base):
        pass
    asyncio.get_event_loop()


async def suppressed(queue, kinds):
    asyncio.get_event_loop()  # before: rewritten
    with contextlib.suppress(*kinds):
        await queue.get()
    asyncio.get_event_loop()


async def rewritten(queue):
    try:
        await queue.get()
    except GeneratorExit:
        return
    except (ValueError, aiohttp.ClientError, Retryable):
        pass
    with contextlib.suppress(OSError):
        await queue.get()
    try:
        await queue.get()
    except BaseException:
        queue.close()
        raise
    asyncio.get_event_loop()


class Guard:
    async def _exit(self, *exc):
        asyncio.get_event_loop()

    __aexit__ = _exit

    async def __aenter__(self):
        asyncio.get_event_loop()
