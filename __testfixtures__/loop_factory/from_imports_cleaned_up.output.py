from asyncio import run, sleep

import uvloop


async def main():
    await sleep(0.1)


if __name__ == "__main__":
    run(main(), loop_factory=uvloop.new_event_loop)
