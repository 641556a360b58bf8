import asyncio
import sys

import uvloop


async def main():
    await asyncio.sleep(0)
    return 0


if __name__ == "__main__":
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    # run it
    code = asyncio.run(main(), debug=False)
    sys.exit(code)
