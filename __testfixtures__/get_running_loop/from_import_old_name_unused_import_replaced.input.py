# loopshift-fixture: runnable
import asyncio
from asyncio import get_event_loop


async def main():
    loop = get_event_loop()
    future = loop.create_future()
    loop.call_soon(future.set_result, "done")
    print(await future)
    print(loop is asyncio.get_running_loop())


if __name__ == "__main__":
    asyncio.run(main())
