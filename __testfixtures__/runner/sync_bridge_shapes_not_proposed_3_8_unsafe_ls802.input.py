import asyncio
import threading


async def fetch(url):
    await asyncio.sleep(0)
    return url


def fetch_gathered(urls):
    # not a coroutine call: Runner.run() would raise ValueError (R2)
    return asyncio.get_event_loop().run_until_complete(asyncio.gather(*map(fetch, urls)))


def fetch_and_schedule(url):
    loop = asyncio.get_event_loop()
    loop.create_task(fetch(url))  # the loop serves more than runs
    return loop.run_until_complete(fetch(url))


def fetch_in_thread(url):
    return asyncio.get_event_loop().run_until_complete(fetch(url))


def test_fetch():
    assert asyncio.get_event_loop().run_until_complete(fetch("x")) == "x"


def fetch_lazily(urls):
    for url in urls:
        yield asyncio.get_event_loop().run_until_complete(fetch(url))


def outer():
    def inner(url):
        return asyncio.get_event_loop().run_until_complete(fetch(url))
    return inner


def fetch_commented(url):
    loop = asyncio.get_event_loop()  # a trailing comment would be lost
    return loop.run_until_complete(fetch(url))


def fetch_and_del(url):
    loop = asyncio.get_event_loop()
    result = loop.run_until_complete(fetch(url))
    del loop
    return result


def fetch_and_show_locals(url):
    loop = asyncio.get_event_loop()
    print(locals())  # would no longer show the loop
    return loop.run_until_complete(fetch(url))


def fetch_after_set(url):
    asyncio.set_event_loop(asyncio.new_event_loop())
    return asyncio.get_event_loop().run_until_complete(fetch(url))


run_sync = lambda coro: asyncio.get_event_loop().run_until_complete(coro)
threading.Thread(target=fetch_in_thread, args=("u",)).start()
