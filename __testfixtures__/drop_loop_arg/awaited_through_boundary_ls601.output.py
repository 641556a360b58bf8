# P15 rule 3 through a wrapper, its limits (LS601): gather(return_exceptions=...) hands the failure
# back as a value, so a run with another loop "worked"; shield() and create_task() do not pass the
# failure on to the awaiting coroutine (a cancelled caller never sees it); wait_for's coroutine only
# in its first place; a wrapper that is not awaited right there; a call other than asyncio's.
import asyncio


def wait_for(coro, timeout):
    return coro


async def caught(loop):
    return await asyncio.gather(asyncio.sleep(0, loop=loop), return_exceptions=True)


async def shielded(loop):
    return await asyncio.shield(asyncio.sleep(0, loop=loop))


async def tasked(loop):
    return await asyncio.create_task(asyncio.sleep(0, loop=loop))


async def stored(loop):
    pending = asyncio.wait_for(asyncio.sleep(0, loop=loop), 1)
    return await pending


async def not_asyncios(loop):
    return await wait_for(asyncio.sleep(0, loop=loop), 1)
