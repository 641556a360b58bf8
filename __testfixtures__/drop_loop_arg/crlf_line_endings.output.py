import asyncio


async def main(work):
    loop = asyncio.get_running_loop()  # CRLF must survive
    queue = asyncio.Queue(
        maxsize=2,
    )
    await asyncio.sleep(0)
    results = await asyncio.gather(
        work(1)
    )
    return queue, results
