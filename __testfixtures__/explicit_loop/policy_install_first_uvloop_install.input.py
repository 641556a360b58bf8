"""uvloop.install() sets a policy that only chooses the loop class: new_event_loop() makes a uvloop loop,
as get_event_loop() did before uvloop 0.22 (which raises there, as 3.14 does): rewritten (P3b)."""
import asyncio

import uvloop


async def main():
    return 1


if __name__ == "__main__":
    uvloop.install()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
