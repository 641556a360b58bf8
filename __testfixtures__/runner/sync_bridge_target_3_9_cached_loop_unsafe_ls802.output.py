import asyncio
import atexit


async def fetch(url):
    return url


_sync_loop = None


def _run_sync(coro):
    """Run coro on one event loop, made current, kept for every call and closed at exit."""
    global _sync_loop
    if _sync_loop is None:
        _sync_loop = asyncio.new_event_loop()
        asyncio.set_event_loop(_sync_loop)
        atexit.register(_sync_loop.close)
    return _sync_loop.run_until_complete(coro)


def fetch_sync(url):
    # below 3.11 there is no asyncio.Runner: the proposal is one cached loop, made current, closed at exit
    return _run_sync(fetch(url))


def fetch_all_sync(urls):
    return [_run_sync(fetch(url)) for url in urls]
