"""Library code and same-named helpers: nothing here is an entry-point run after a known policy."""
import asyncio

import uvloop


def set_event_loop_policy(policy):
    print("not asyncio's", policy)


def start(coro):
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.run(coro)


class Plugin:
    def install(self):
        pass


if __name__ == "__main__":
    set_event_loop_policy(uvloop.EventLoopPolicy())
    Plugin().install()
    asyncio.run(asyncio.sleep(0))
