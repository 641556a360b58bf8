"""docs/SEMANTICS.md P1c, declined: each of these functions may run outside the steps of the coroutine that
defines it, so get_event_loop() stays, with LS101. The coroutine's own sites are rewritten (P1)."""
import asyncio
import functools


async def callbacks():
    loop = asyncio.get_event_loop()

    def on_done(fut):  # a done callback of a future not proven asyncio's (a method of a loop not proven)
        print("done", asyncio.get_event_loop().time() > 0)

    fut = loop.create_future()
    fut.add_done_callback(on_done)
    fut.set_result(1)
    await asyncio.sleep(0)


async def escapes():
    getter = lambda: asyncio.get_event_loop()  # returned: its caller decides when it runs
    return getter


async def nested_use():
    def clock():  # called from a lambda, which may run anywhere
        return asyncio.get_event_loop().time()

    later = lambda: clock()
    return later


async def decorated():
    @functools.lru_cache(maxsize=None)
    def cached():  # the decorator may keep or call it
        return asyncio.get_event_loop()

    return cached()


async def generator_body():
    def ticks():  # a generator: its body runs where it is advanced
        yield asyncio.get_event_loop().time()

    return list(ticks())


async def in_finally():
    def now():
        return asyncio.get_event_loop().time()

    try:
        await asyncio.sleep(0)
    finally:
        print(now() > 0)  # closing code: may run when the coroutine is closed, with no loop


async def rebound():
    def stamp():
        return asyncio.get_event_loop().time()

    value = stamp()
    stamp = None  # rebound
    return value, stamp


async def done_callback_and_partial():
    def on_done(task):  # a done callback: a future may run it through a loop double or a duck type (round 9)
        return asyncio.get_event_loop()

    def report(label):  # a partial handed to call_soon: the name goes to partial(), not to the loop
        return label, asyncio.get_event_loop()

    task = asyncio.ensure_future(asyncio.sleep(0))
    task.add_done_callback(on_done)
    asyncio.get_running_loop().call_soon(functools.partial(report, "x"))
    await task


async def not_a_loop(batcher):
    def flush():  # batcher.call_soon may be anything's (a namespace's append: round 9, A1)
        return asyncio.get_event_loop()

    batcher.call_soon(flush)
