"""Script entry point: the uvloop policy only picks the loop class for the one asyncio.run()."""
import asyncio

import uvloop


async def main():
    await asyncio.sleep(0)
    return 42


if __name__ == "__main__":
    print("starting")

    # uvloop is faster
    asyncio.run(main(), loop_factory=uvloop.new_event_loop)  # the app
