import asyncio
import sys

import uvloop


async def main():
    return 0


if __name__ == "__main__":
    uvloop.install()
    sys.exit(asyncio.run(main()))
