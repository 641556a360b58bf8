import asyncio


async def main():
    await asyncio.sleep(0)


def entry():
    with asyncio.Runner(loop_factory=asyncio.ProactorEventLoop) as runner:
        runner.run(main())


if __name__ == "__main__":
    entry()
