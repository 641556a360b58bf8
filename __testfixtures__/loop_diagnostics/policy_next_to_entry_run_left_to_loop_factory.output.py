import asyncio
from asyncio import *

from .policies import QuietPolicy


async def main():
    await asyncio.sleep(0)


def start():
    # Library code, not the entry path: a star-imported Windows policy is still only a loop class (LS813).
    set_event_loop_policy(WindowsSelectorEventLoopPolicy())
    asyncio.run(main())


if __name__ == "__main__":
    # Next to the entry-point asyncio.run(): the loop_factory transform reports this one (LS702).
    asyncio.set_event_loop_policy(QuietPolicy())
    asyncio.run(main())
