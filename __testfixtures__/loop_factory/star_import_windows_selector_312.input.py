import asyncio
from asyncio import *


async def main():
    await sleep(0)


if __name__ == "__main__":
    set_event_loop_policy(WindowsSelectorEventLoopPolicy())
    run(main())
