import asyncio
import sys

import uvloop


async def main():
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(), loop_factory=uvloop.new_event_loop))
