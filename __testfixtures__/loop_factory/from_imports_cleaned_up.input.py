from asyncio import run, set_event_loop_policy, sleep

import uvloop
from uvloop import EventLoopPolicy


async def main():
    await sleep(0.1)


if __name__ == "__main__":
    set_event_loop_policy(EventLoopPolicy())
    run(main())
