import asyncio
from asyncio import *


async def main():
    await sleep(0)


if __name__ == "__main__":
    run(main(), loop_factory=asyncio.SelectorEventLoop)
