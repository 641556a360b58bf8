"""A decorator is a call: `@lib.deco` on a def nested in the entry function runs lib.deco(handler) there,
before the loop is taken, and code from outside the standard library may set or bind a loop."""
import asyncio

import lib
from lib import register


async def work():
    await asyncio.sleep(0)


def main():
    @lib.deco
    def handler():
        pass

    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())
    loop.run_until_complete(work())


def other():
    @register
    def hook():
        pass

    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())
    loop.run_until_complete(work())


if __name__ == "__main__":
    main()
    other()
