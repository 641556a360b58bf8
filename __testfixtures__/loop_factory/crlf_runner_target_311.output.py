import asyncio
import sys

import uvloop


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    # fast loop
    try:
        with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
            runner.run(main())
    except KeyboardInterrupt:
        sys.exit(130)
