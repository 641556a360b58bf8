# loopshift-fixture: runnable
"""P3 condition 1 fails for rewrite A (make() is a sync function); rewrite B does not care."""
import asyncio


async def real():
    return "real"


def make():
    return real()


def one():
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(make()))
    loop.close()


if __name__ == "__main__":
    one()
