"""Seed mistakes reported anywhere in the file: asyncio.run() and run_until_complete() inside a
coroutine raise RuntimeError because a loop is already running. A call in a nested sync function
may run outside the coroutine and is not reported."""
import asyncio
from asyncio import run as start


async def child():
    return 1


async def parent(loop):
    start(child())
    asyncio.get_event_loop().run_until_complete(child())
    loop.run_until_complete(child())

    def later():
        return asyncio.run(child())

    return later


class App:
    async def serve(self):
        return self.loop.run_until_complete(child())

    def run(self):
        self.run()
