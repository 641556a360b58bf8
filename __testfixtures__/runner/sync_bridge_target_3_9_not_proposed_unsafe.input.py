import asyncio


async def fetch(url):
    return url


def fetch_sync(url):
    # below 3.11 the runner transform does not run: LS802 (loop_diagnostics) stays without a proposal
    return asyncio.get_event_loop().run_until_complete(fetch(url))
