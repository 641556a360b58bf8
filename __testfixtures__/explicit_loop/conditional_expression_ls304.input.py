"""The loop is fetched only on one side of a conditional expression: reported."""
import asyncio
import sys


async def main():
    return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop() if len(sys.argv) < 9 else None
    loop.run_until_complete(main())
