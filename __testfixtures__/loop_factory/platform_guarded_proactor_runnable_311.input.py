# loopshift-fixture: runnable
import asyncio as aio
import os


async def main():
    print("running in", type(aio.get_running_loop()).__name__)
    await aio.sleep(0)


if __name__ == "__main__":
    if os.name == "nt":
        aio.set_event_loop_policy(aio.WindowsProactorEventLoopPolicy())
    aio.run(main())
    print("done")
