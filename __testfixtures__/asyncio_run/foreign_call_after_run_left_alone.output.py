"""P3 condition 4: code from outside the standard library runs after the run and may call
get_event_loop() (which raises after asyncio.run()); stdlib calls around it are fine. Left alone."""
import asyncio
import logging

from metrics import flush


async def main():
    return 1


if __name__ == "__main__":
    logging.basicConfig()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
    flush()
