# loopshift-fixture: runnable
"""`from asyncio import *` already provides run: no import is added."""
from asyncio import *


async def main():
    await sleep(0)
    return "star"


if __name__ == "__main__":
    print(run(main()))
