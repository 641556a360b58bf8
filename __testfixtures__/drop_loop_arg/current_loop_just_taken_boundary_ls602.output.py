# P15 rule 8's limits: loop= stays (LS602) when something between the anchor and the call may set or
# run a loop or rebind the name, when the call is in another block or runs later, and when
# set_event_loop(v) is not in entry code (a loop may be running there: get_event_loop() returns it).
import asyncio
import functools


class Box:
    @property
    def size(self):
        asyncio.set_event_loop(asyncio.new_event_loop())
        return 1


async def job(n):
    return n


@functools.lru_cache()
async def wrapped():
    return 0


def noted(n):
    print(n)


def call_between():
    loop = asyncio.get_event_loop()
    noted(1)
    return asyncio.gather(job(1), loop=loop)


def rebound(other):
    loop = asyncio.get_event_loop()
    loop = other
    return asyncio.Queue(loop=loop)


def other_block(flag):
    loop = asyncio.get_event_loop()
    if flag:
        return asyncio.Lock(loop=loop)
    return None


def deferred():
    loop = asyncio.get_event_loop()
    make = lambda: asyncio.Event(loop=loop)
    queues = [asyncio.Queue(loop=loop) for _ in range(2)]
    return make, queues


def property_between(box):
    loop = asyncio.get_event_loop()
    n = box.size
    return asyncio.Semaphore(n, loop=loop)


def set_outside_entry(loop):
    asyncio.set_event_loop(loop)
    return asyncio.Queue(loop=loop)


def decorated_between():
    loop = asyncio.get_event_loop()
    coro = wrapped()
    return asyncio.gather(coro, loop=loop)


def argument_runs_code():
    loop = asyncio.get_event_loop()
    return asyncio.gather(job(len(noted.__name__)), loop=loop)


def through_the_policy():
    loop = asyncio.get_event_loop_policy().get_event_loop()
    return asyncio.Queue(loop=loop)


def not_a_gather_or_primitive():
    loop = asyncio.get_event_loop()
    return asyncio.sleep(0, loop=loop)
