"""P3 condition 5: a sync bridge that other code calls may run under a loop or repeatedly; it is
not an entry site (loop_diagnostics reports it). Left alone, no diagnostic here."""
import asyncio


async def fetch():
    return 1


def fetch_sync():
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(fetch())


def handler():
    return fetch_sync() + fetch_sync()


if __name__ == "__main__":
    print(handler())
