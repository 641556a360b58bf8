# P15 rule 8 in a thread's own function, started through functools.partial, at its boundary: the function
# must still run only as a thread's target. A partial kept as a value, a function also called directly,
# or a partial whose function comes from a star argument proves nothing.
import asyncio
import functools
import threading


def _also_called(tag):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return asyncio.Lock(loop=loop)


def _stored(tag):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return asyncio.Event(loop=loop)


class Service:
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=functools.partial(self._serve, "a"))
        self.later = functools.partial(self._serve, "b")  # may run in any thread, under a running loop

    def _serve(self, tag):
        asyncio.set_event_loop(self.loop)
        self.queue = asyncio.Queue(loop=self.loop)


def start(functions):
    threads = [threading.Thread(target=functools.partial(_also_called, "x"))]
    threads.append(threading.Thread(target=functools.partial(*functions)))
    stored = functools.partial(_stored, "y")
    threads.append(threading.Thread(target=stored))
    _also_called("now")
    return threads
