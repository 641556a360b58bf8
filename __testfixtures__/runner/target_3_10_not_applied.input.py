import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work(1))
    loop.run_until_complete(work(2))
    loop.close()
