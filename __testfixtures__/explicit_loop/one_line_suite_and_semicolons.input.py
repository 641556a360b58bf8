# loopshift-fixture: runnable
"""An assignment sharing its line with other statements: set_event_loop() joins that line."""
import asyncio
import sys


async def main():
    return "one line"


if __name__ == "__main__":
    if sys.argv: loop = asyncio.get_event_loop(); print(loop.run_until_complete(main())); loop.close()
