import asyncio as aio

import uvloop as uv


async def main():
    await aio.sleep(0)


if __name__ == "__main__":
    with aio.Runner(loop_factory=uv.new_event_loop) as runner:
        runner.run(main())
