"""P3 condition 1: make() is a sync function that happens to return a coroutine; loopshift cannot
prove what it returns (a future bound to this loop would break under asyncio.run()). Left alone,
no diagnostic here (explicit_loop handles the site)."""
import asyncio


async def real():
    return 1


def make():
    return real()


def one():
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(make()))
    loop.close()


if __name__ == "__main__":
    one()
