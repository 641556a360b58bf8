import asyncio


async def connect():
    await asyncio.sleep(0)


class Client:
    def __init__(self):
        loop = asyncio.new_event_loop()
        loop.run_until_complete(connect())
        self.loop = loop
