# loopshift-fixture: runnable
import asyncio
from asyncio import get_event_loop as gel, sleep


async def main():
    await sleep(0)
    loop = gel()
    print(loop is asyncio.get_running_loop())
    print(loop.is_running())


if __name__ == "__main__":
    asyncio.run(main())
