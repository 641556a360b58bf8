import asyncio


async def work():
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())
    loop.close()
    loop.run_until_complete(work())
