# loopshift-fixture: runnable
from asyncio import get_event_loop  # noqa: the only asyncio import


async def runner(n):
    return n * 10


if __name__ == "__main__":
    loop = get_event_loop()
    a = loop.run_until_complete(runner(1))
    b = loop.run_until_complete(runner(2))
    loop.close()
    print(a, b)
