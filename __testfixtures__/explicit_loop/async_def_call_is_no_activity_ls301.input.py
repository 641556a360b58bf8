"""Calling an async def of this file only makes a coroutine object: none of its body runs, so it is no
reason to keep get_event_loop(). The report names what really ran earlier: in entry(), the Lock made
at import time (target 3.9), not main(), although a method of the same name touches the loop, nor
client.start(), which may be the async def (it is named only if nothing certain ran). A decorated
async def is not a coroutine function: calling connect() runs the decorator's wrapper."""
import asyncio

from chatlib import retrying


class Service:
    def main(self):
        self.loop = asyncio.get_event_loop()


class Server:
    def start(self):
        self.ready = asyncio.Event()

    async def serve(self):
        return 1


class Client:
    async def start(self):
        return 2


lock = asyncio.Lock()


async def main():
    async with lock:
        return 3


def entry():
    client = Client()
    coro = main()
    pending = client.start()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(coro)
    loop.run_until_complete(pending)


@retrying
async def connect():
    return 4


def entry_two():
    connect()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())


if __name__ == "__main__":
    entry()
    entry_two()
