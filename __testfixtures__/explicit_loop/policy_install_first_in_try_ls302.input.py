"""With uvloop's policy installed, uvloop 0.22's get_event_loop() raises RuntimeError on a fresh
thread: inside a try, a handler may do something else then, so the call is left alone (P3b)."""
import asyncio

import uvloop


async def main():
    return 1


if __name__ == "__main__":
    uvloop.install()
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = uvloop.new_event_loop()
    loop.run_until_complete(main())
