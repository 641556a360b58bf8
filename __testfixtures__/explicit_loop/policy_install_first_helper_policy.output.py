"""A helper of this file installs uvloop's policy before the entry path's get_event_loop(): it only
chooses the loop class, so it does not block the rewrite (P3b); asyncio.new_event_loop() asks that
policy for the loop."""
import asyncio
import sys

import uvloop


def install_policy():
    if sys.platform != "win32":
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


async def main():
    return 1


def run():
    install_policy()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main())
    loop.close()


if __name__ == "__main__":
    run()
