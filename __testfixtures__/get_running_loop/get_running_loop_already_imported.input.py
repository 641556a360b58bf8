# loopshift-fixture: runnable
import asyncio
from asyncio import get_event_loop, get_running_loop


async def main():
    loop = get_event_loop()
    print(loop is get_running_loop())


if __name__ == "__main__":
    asyncio.run(main())
