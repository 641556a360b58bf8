"""uvloop's policy only chooses the loop class, and its get_event_loop() returns the loop that
set_event_loop() set (P9, P3e): installed before, it does not block the rewrite."""
import asyncio

import uvloop


async def main():
    return 1


if __name__ == "__main__":
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    loop = uvloop.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop().run_until_complete(main())
    loop.close()
