"""P7: asyncio.wait([coroutines]) is not wrapped: it may return with tasks still pending (which
asyncio.run() would cancel) and passing coroutines raises TypeError on 3.11+ anyway. Left alone."""
import asyncio


async def job():
    return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    done, pending = loop.run_until_complete(asyncio.wait([job()]))
    loop.close()
