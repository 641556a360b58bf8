import asyncio
import atexit


async def job():
    await asyncio.sleep(0)


def main():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(job())
    atexit.register(lambda: loop.run_until_complete(job()))


def other():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(job())

    def later():
        return loop.time()

    return later
