from asyncio import *


async def main():
    loop = get_running_loop()
    lock = Lock()
    queue = PriorityQueue()
    await sleep(0)
    return lock, queue
