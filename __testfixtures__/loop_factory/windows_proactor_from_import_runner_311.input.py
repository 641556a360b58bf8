import asyncio
from asyncio import WindowsProactorEventLoopPolicy


async def main():
    await asyncio.sleep(0)


def entry():
    asyncio.set_event_loop_policy(WindowsProactorEventLoopPolicy())
    asyncio.run(main())


if __name__ == "__main__":
    entry()
