"""Names are resolved by meaning (P10): a primitive made at import under an alias binds the implicit loop
before 3.10 as `asyncio.Queue()` does, so the main guard's get_event_loop() must stay the loop it took."""
import asyncio
from asyncio import Queue as AsyncQueue
from queue import Queue

READY = AsyncQueue()
JOBS = Queue()


async def go():
    asyncio.get_running_loop().call_later(0.01, READY.put_nowait, 1)
    await READY.get()
    return "set"


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(go()))
