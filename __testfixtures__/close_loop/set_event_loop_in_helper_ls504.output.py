import asyncio


async def setup():
    await asyncio.sleep(0)


def init():
    # callers may call asyncio.get_event_loop() afterwards and get this loop back
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(setup())


def main():
    init()
    asyncio.get_event_loop().run_until_complete(setup())


if __name__ == "__main__":
    main()
