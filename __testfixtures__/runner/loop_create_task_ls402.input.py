import asyncio


async def ticker():
    while True:
        await asyncio.sleep(1)


async def work():
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    background = loop.create_task(ticker())
    loop.run_until_complete(work())
    loop.run_until_complete(work())
    loop.close()
