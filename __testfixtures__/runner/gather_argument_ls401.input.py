import asyncio


async def one():
    return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(one())
    results = loop.run_until_complete(asyncio.gather(one(), one()))
    loop.close()
    print(results)
