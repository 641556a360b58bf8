import asyncio
import sys

import uvloop


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    if "--fast" in sys.argv:
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.run(main())
