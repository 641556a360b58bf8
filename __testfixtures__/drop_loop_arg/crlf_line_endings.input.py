import asyncio


async def main(work):
    loop = asyncio.get_running_loop()  # CRLF must survive
    queue = asyncio.Queue(
        maxsize=2,
        loop=loop,
    )
    await asyncio.sleep(0, loop=loop)
    results = await asyncio.gather(
        work(1),
        loop=loop
    )
    return queue, results
