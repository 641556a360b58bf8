import asyncio


async def job():
    await asyncio.sleep(0)


def register(loop):
    print("registered", loop)


def main():
    loop = asyncio.new_event_loop()
    register(loop)
    loop.run_until_complete(job())
