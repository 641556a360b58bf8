import asyncio
import sys

import uvloop


async def main():
    await asyncio.sleep(0)
    return 0


if __name__ == "__main__":
    # run it
    with asyncio.Runner(debug=False, loop_factory=uvloop.new_event_loop) as runner:
        code = runner.run(main())
    sys.exit(code)
