from asyncio import *
from time import *


async def main():
    loop = get_running_loop()
    await sleep(0, loop=loop)
    return Lock(loop=loop)
