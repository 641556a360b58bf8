import asyncio
import sys

import uvloop


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    # fast loop
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(130)
