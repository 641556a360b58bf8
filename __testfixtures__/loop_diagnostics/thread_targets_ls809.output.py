import asyncio
import threading
from threading import Thread as T


async def job():
    return 1


def worker():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(job())


def bridge_in_thread():
    return asyncio.get_event_loop().run_until_complete(job())


class Poller(threading.Thread):
    def run(self):
        asyncio.get_event_loop().run_until_complete(job())


class Service:
    def start(self):
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.loop = asyncio.get_event_loop()


def blocking():
    return asyncio.get_event_loop()


async def main():
    await asyncio.to_thread(blocking)


T(target=worker).start()
threading.Thread(None, bridge_in_thread).start()
threading.Thread(target=lambda: asyncio.get_event_loop()).start()


def offload(loop):
    return loop.run_in_executor(None, blocking)
