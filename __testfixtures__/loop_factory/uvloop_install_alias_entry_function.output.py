import asyncio as aio
import logging

import uvloop as uv


async def serve():
    loop = aio.get_event_loop()  # inside the coroutine: the running loop either way
    logging.info("serving on %r", loop)


def cli():
    logging.basicConfig()
    aio.run(serve(), loop_factory=uv.new_event_loop)


if __name__ == "__main__":
    cli()
