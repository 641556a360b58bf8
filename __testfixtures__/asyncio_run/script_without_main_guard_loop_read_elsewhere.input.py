import asyncio


def stop():
    loop.stop()


async def main():
    await asyncio.sleep(0)


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
loop.close()
