import asyncio


async def work():
    await asyncio.sleep(0)


def report():
    # after loop.close() this still returns the (closed) loop; after a Runner it raises
    print(asyncio.get_event_loop().is_closed())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())
    loop.run_until_complete(work())
    loop.close()
    report()
