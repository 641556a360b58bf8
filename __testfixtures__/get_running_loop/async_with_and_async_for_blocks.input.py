# loopshift-fixture: runnable
import asyncio


class Session:
    async def __aenter__(self):
        self.loop = asyncio.get_event_loop()
        return self

    async def __aexit__(self, *exc_info):
        return False


class Countdown:
    def __init__(self, start):
        self.current = start

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.current == 0:
            raise StopAsyncIteration
        self.current -= 1
        await asyncio.sleep(0)
        return self.current


async def main():
    lock = asyncio.Lock()
    async with lock:
        async with Session() as session:
            loop = asyncio.get_event_loop()
            print(loop is session.loop)
    async for value in Countdown(2):
        inner = asyncio.get_event_loop()
        print(value, inner is loop)


if __name__ == "__main__":
    asyncio.run(main())
