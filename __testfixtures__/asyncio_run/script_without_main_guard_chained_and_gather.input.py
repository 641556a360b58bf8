import asyncio


async def fetch(n):
    await asyncio.sleep(0)
    return n


results = asyncio.get_event_loop().run_until_complete(
    asyncio.gather(fetch(1), fetch(2), return_exceptions=True))
print(results)
