import asyncio


def current_loop():
    # Called from sync and async code alike: which loop it returns depends on the caller.
    return asyncio.get_event_loop()


def on_done(future):
    asyncio.get_event_loop().call_soon(print, future.result())


get_loop = lambda: asyncio.get_event_loop()


def make_handler():
    class Handler:
        loop = asyncio.get_event_loop()

    return Handler


def first_loop(items):
    return next(asyncio.get_event_loop() for _ in items)
