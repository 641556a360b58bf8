import asyncio

ready = asyncio.Future()


async def wait_ready():
    return await ready


async def make_ready():
    ready.set_result("ok")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(make_ready())
    print(loop.run_until_complete(wait_ready()))
    loop.close()
