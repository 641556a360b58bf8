import asyncio

import uvloop


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.run(main(), loop_factory=uvloop.new_event_loop)
