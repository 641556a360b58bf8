import asyncio
import threading


def helper():
    return asyncio.get_event_loop()


def with_default(loop=asyncio.get_event_loop()):
    return loop


def register(loop):
    return lambda function: function


@register(asyncio.get_event_loop())
def decorated():
    return 1


getter = lambda: asyncio.get_event_loop()


class Settings:
    loop = asyncio.get_event_loop()


def worker():
    loop = asyncio.get_event_loop()
    return loop


def start():
    threading.Thread(target=worker).start()


def ticks():
    yield asyncio.get_event_loop()


def test_loop():
    assert asyncio.get_event_loop()


class Client:
    def __init__(self, loop=None):
        self.loop = loop or asyncio.get_event_loop()


def bridge(coro):
    return asyncio.get_event_loop().run_until_complete(coro)


def owned():
    asyncio.set_event_loop(asyncio.new_event_loop())
    return asyncio.get_event_loop()


def lazy():
    return (asyncio.get_event_loop() for _ in range(1))


async def coroutine():
    def nested():
        return asyncio.get_event_loop()
    return nested


def entry():
    return asyncio.get_event_loop()


if __name__ == "__main__":
    entry()
