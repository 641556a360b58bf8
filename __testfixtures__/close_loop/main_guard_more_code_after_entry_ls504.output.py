import asyncio


async def setup():
    await asyncio.sleep(0)


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(setup())


if __name__ == "__main__":
    main()
    import legacy_plugin  # may use asyncio.get_event_loop() at import time
