"""nest_asyncio patches asyncio (get_event_loop, run, run_until_complete): reported, not rewritten."""
import asyncio

import nest_asyncio


async def main():
    return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    nest_asyncio.apply(loop)
    loop.run_until_complete(main())
