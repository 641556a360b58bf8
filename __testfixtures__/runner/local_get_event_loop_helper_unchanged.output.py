import asyncio


def get_event_loop():
    # a project helper with asyncio's name: not asyncio.get_event_loop
    return asyncio.new_event_loop()


async def work():
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = get_event_loop()
    loop.run_until_complete(work())
    loop.run_until_complete(work())
    loop.close()
