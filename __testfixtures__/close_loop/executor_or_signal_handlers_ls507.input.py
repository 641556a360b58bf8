import asyncio
import signal
from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor()


async def job():
    await asyncio.sleep(0)


def with_shared_pool():
    loop = asyncio.new_event_loop()
    loop.set_default_executor(POOL)  # close() would shut POOL down
    loop.run_until_complete(job())


def with_signals():
    loop = asyncio.new_event_loop()
    loop.add_signal_handler(signal.SIGTERM, loop.stop)
    loop.run_forever()
