# P15 rule 8 in a thread's own function, at its boundary: set_event_loop(v) anchors loop=v only in a
# function that nothing but threading.Thread(target=...) starts. Here the module has no project facts, so
# a public function may be called by other modules, under a running loop.
import asyncio
import threading
import types


def public_worker():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return asyncio.Queue(loop=loop)


def _also_called():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return asyncio.Lock(loop=loop)


def _generator_target():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    yield asyncio.Event(loop=loop)


def _private_worker():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return asyncio.Semaphore()


class Service:
    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.threads = [threading.Thread(target=self._serve), threading.Thread(target=self.public_serve),
                        threading.Thread(target=self._looked_up)]

    def _serve(self):
        asyncio.set_event_loop(self.loop)
        self.lock = asyncio.Lock(loop=self.loop)

    def public_serve(self):
        asyncio.set_event_loop(self.loop)
        self.event = asyncio.Event(loop=self.loop)

    def _looked_up(self):
        asyncio.set_event_loop(self.loop)
        self.queue = asyncio.Queue(loop=self.loop)

    def again(self):
        self._serve()
        return getattr(self, "_looked_up")


def start():
    threads = [threading.Thread(target=public_worker), threading.Thread(target=_generator_target)]
    threads += [threading.Thread(target=_also_called), threading.Thread(target=_private_worker)]
    _also_called()
    return threads


if __name__ == "__main__":
    ns = types.SimpleNamespace()
    ns.loop = asyncio.get_event_loop()
    ready = asyncio.Event()
