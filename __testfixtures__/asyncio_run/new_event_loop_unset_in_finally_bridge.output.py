# loopshift-fixture: runnable
"""A sync bridge that ends with set_event_loop(None) + close(): exactly asyncio.run()'s end state,
so it is rewritten wherever it is called from."""
import asyncio


async def fetch(key):
    await asyncio.sleep(0)
    return key.upper()


def fetch_sync(key):
    return asyncio.run(fetch(key))


def report():
    print(fetch_sync("a"), fetch_sync("b"))


if __name__ == "__main__":
    report()
    report()
