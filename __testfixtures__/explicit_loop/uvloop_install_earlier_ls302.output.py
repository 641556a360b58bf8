"""uvloop.install() sets a policy whose get_event_loop() differs (uvloop 0.22 raises): reported."""
import asyncio

import uvloop


async def main():
    return 1


if __name__ == "__main__":
    uvloop.install()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
