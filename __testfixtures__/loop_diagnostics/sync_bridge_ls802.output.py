import asyncio
from asyncio import get_event_loop


async def fetch(url):
    await asyncio.sleep(0)
    return url


def fetch_sync(url):
    return asyncio.get_event_loop().run_until_complete(fetch(url))


def fetch_many_sync(urls):
    loop = get_event_loop()
    return [loop.run_until_complete(fetch(url)) for url in urls]


run_sync = lambda coro: asyncio.get_event_loop().run_until_complete(coro)
