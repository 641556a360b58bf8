import asyncio
import threading


async def job():
    return 1


def drive(loop, done):
    loop.run_until_complete(job())
    loop.call_soon(done)


def safe(loop):
    # The thread-safe ways: not reported.
    asyncio.run_coroutine_threadsafe(job(), loop).result()
    loop.call_soon_threadsafe(print, "ok")


async def main():
    loop = asyncio.get_running_loop()
    threading.Thread(target=drive, args=(loop, print)).start()
    threading.Thread(target=loop.run_forever).start()
    threading.Thread(target=safe, args=(loop,)).start()
    await asyncio.to_thread(drive, asyncio.get_running_loop(), print)


def from_sync_code():
    # Not a coroutine: this loop is not known to be running (the get_event_loop() call is LS801).
    loop = asyncio.get_event_loop()
    threading.Thread(target=drive, args=(loop, print)).start()


class Pump:
    def _pump(self, loop):
        loop.create_task(job())

    async def start(self):
        threading.Thread(target=self._pump, args=(asyncio.get_running_loop(),)).start()
