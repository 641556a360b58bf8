import asyncio


async def fetch(n):
    await asyncio.sleep(0)
    return n


async def _main():
    return await asyncio.gather(fetch(1), fetch(2), return_exceptions=True)


results = asyncio.run(
    _main())
print(results)
