"""A class-only policy install earlier does not block, but what else runs earlier still does; the
report names that, not the policy (P3b)."""
import asyncio

import uvloop


async def main():
    return 1


if __name__ == "__main__":
    uvloop.install()
    queue = asyncio.ensure_future(main())
    loop = asyncio.get_event_loop()
    loop.run_until_complete(queue)
