import asyncio

import uvloop


def describe():
    return type(asyncio.get_event_loop_policy()).__name__


async def main():
    print(describe())


if __name__ == "__main__":
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    asyncio.run(main())
