import asyncio
import threading

import uvloop


async def main():
    await asyncio.sleep(0)


def background():
    asyncio.run(main())


if __name__ == "__main__":
    threading.Thread(target=background).start()
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.run(main())
