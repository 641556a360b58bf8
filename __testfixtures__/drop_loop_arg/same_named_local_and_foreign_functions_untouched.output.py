import asyncio
import time
from threading import Event

from mylib.tasks import gather


def sleep(delay, loop=None):
    time.sleep(delay)


class Queue:
    def __init__(self, loop=None):
        self.loop = loop


async def main(client):
    loop = asyncio.get_running_loop()
    sleep(0, loop=loop)
    Queue(loop=loop)
    Event(loop=loop)
    await gather(client.fetch(), loop=loop)
    await client.sleep(1, loop=loop)
    await client.asyncio.sleep(1, loop=loop)
    time.sleep(0)
