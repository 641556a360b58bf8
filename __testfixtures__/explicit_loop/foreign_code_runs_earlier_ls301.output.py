"""Code from outside the standard library that runs before the site may have fetched the loop (for
example `self.loop = asyncio.get_event_loop()` in a client's __init__): a second loop would leave
that object on the first one. Reported, for a direct call, a subclass and a decorated helper."""
import asyncio
import logging

import chatlib
from chatlib.retry import retrying

logging.basicConfig()
client = chatlib.Client()


class Bot(chatlib.Client):
    pass


@retrying
def connect():
    return None


async def main():
    return 1


def with_subclass():
    bot = Bot()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())


def with_decorated():
    connect()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    with_subclass()
    with_decorated()
