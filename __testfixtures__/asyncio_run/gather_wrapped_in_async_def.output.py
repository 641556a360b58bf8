# loopshift-fixture: runnable
"""P7: run_until_complete(gather(...)) gets an async def wrapper; never asyncio.run(gather(...))."""
import asyncio


async def work(i):
    await asyncio.sleep(0)
    if i == 2:
        raise KeyError(i)
    return i * 10


if __name__ == "__main__":
    async def _main():
        return await asyncio.gather(*[work(i) for i in range(4)], return_exceptions=True)
    results = asyncio.run(
        _main()
    )
    print(results)
