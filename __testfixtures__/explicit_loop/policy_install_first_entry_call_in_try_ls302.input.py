"""uvloop's policy installed, and the entry function that calls get_event_loop() is called inside a try:
uvloop 0.22's RuntimeError would reach that handler, so the call is left alone (P3b)."""
import asyncio

import uvloop


async def main():
    return 1


def run():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())


if __name__ == "__main__":
    uvloop.install()
    try:
        run()
    except RuntimeError:
        pass
