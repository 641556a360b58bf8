import asyncio

loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
STOP = asyncio.Event(loop=loop)


def make_queue(loop):
    # Raises TypeError on 3.10+. Without loop= the queue binds to the first loop that waits on it,
    # which in every run that worked on 3.9 was `loop`: dropped (not so for sleep or gather below).
    return asyncio.Queue(loop=loop)


def make_lock():
    return asyncio.Lock(loop=asyncio.get_event_loop())


def make_semaphore():
    return asyncio.Semaphore(3, loop=None)


async def main():
    running = asyncio.get_running_loop()

    def callback():
        return asyncio.Event(loop=running)

    later = lambda: asyncio.sleep(1, loop=running)
    waits = list(asyncio.sleep(0, loop=running) for _ in range(2))

    async def nested(lock=asyncio.Lock(loop=running)):
        return lock

    return callback, later, waits, nested


if __name__ == "__main__":
    loop.run_until_complete(asyncio.gather(main(), loop=loop))
