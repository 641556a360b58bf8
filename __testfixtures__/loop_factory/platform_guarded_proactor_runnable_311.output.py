# loopshift-fixture: runnable
import asyncio as aio
import os


async def main():
    print("running in", type(aio.get_running_loop()).__name__)
    await aio.sleep(0)


if __name__ == "__main__":
    with aio.Runner(loop_factory=aio.ProactorEventLoop if os.name == "nt" else None) as runner:
        runner.run(main())
    print("done")
