# loopshift-fixture: runnable
from asyncio import get_event_loop  # noqa: the only asyncio import
from asyncio import Runner


async def runner(n):
    return n * 10


if __name__ == "__main__":
    with Runner() as _runner:
        a = _runner.run(runner(1))
        b = _runner.run(runner(2))
    print(a, b)
