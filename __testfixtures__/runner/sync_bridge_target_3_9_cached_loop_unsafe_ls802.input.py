import asyncio


async def fetch(url):
    return url


def fetch_sync(url):
    # below 3.11 there is no asyncio.Runner: the proposal is one cached loop, made current, closed at exit
    return asyncio.get_event_loop().run_until_complete(fetch(url))


def fetch_all_sync(urls):
    loop = asyncio.get_event_loop()
    return [loop.run_until_complete(fetch(url)) for url in urls]
