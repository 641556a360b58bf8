import asyncio as aio
from asyncio import set_event_loop_policy as setpol

import uvloop as uv


async def main():
    await aio.sleep(0)


if __name__ == "__main__":
    setpol(uv.EventLoopPolicy())
    aio.run(main())
