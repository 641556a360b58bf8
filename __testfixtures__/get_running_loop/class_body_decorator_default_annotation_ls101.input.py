import asyncio


def tag(value):
    def wrap(func):
        return func
    return wrap


async def main():
    class Holder:
        loop = asyncio.get_event_loop()

    @tag(asyncio.get_event_loop())
    def decorated():
        pass

    def with_default(loop=asyncio.get_event_loop()):
        return loop

    def annotated() -> asyncio.get_event_loop():
        pass

    return Holder, decorated, with_default, annotated


async def coroutine_default(loop=asyncio.get_event_loop()):
    return loop
