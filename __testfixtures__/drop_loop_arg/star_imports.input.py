from asyncio import *


async def main():
    loop = get_running_loop()
    lock = Lock(loop=loop)
    queue = PriorityQueue(loop=loop)
    await sleep(0, loop=loop)
    return lock, queue
