import asyncio
import logging


async def work():
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(work())
        loop.run_until_complete(work())
    except OSError:
        logging.exception("network")
    finally:
        loop.close()
