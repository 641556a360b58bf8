"""P3 condition 1: a decorated async def (the decorator decides what the call returns) and a
coroutine stored in a variable are not proven coroutine calls. Left alone."""
import asyncio
import functools


def traced(fn):
    @functools.wraps(fn)
    def wrapper():
        print("calling", fn.__name__)
        return fn()
    return wrapper


@traced
async def decorated():
    return 2


async def plain():
    return 3


if __name__ == "__main__":
    if decorated:
        asyncio.get_event_loop().run_until_complete(decorated())
    else:
        coro = plain()
        asyncio.get_event_loop().run_until_complete(coro)
