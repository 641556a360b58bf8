import asyncio

import trio_asyncio


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0, loop=loop)
    await asyncio.sleep(0, loop=None)
    return asyncio.Event(loop=asyncio.get_event_loop())


async def awaited_attribute(holder):
    await asyncio.sleep(0, loop=holder.loop)


def argument_of_run_until_complete(loop):
    loop.run_until_complete(asyncio.sleep(0, loop=loop))
