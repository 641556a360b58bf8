# loopshift-fixture: runnable
"""`from asyncio import *` already provides run: no import is added."""
from asyncio import *


async def main():
    await sleep(0)
    return "star"


if __name__ == "__main__":
    loop = get_event_loop()
    print(loop.run_until_complete(main()))
    loop.close()
