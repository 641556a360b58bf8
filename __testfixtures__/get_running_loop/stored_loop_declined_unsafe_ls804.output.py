import asyncio
import threading


class Public:
    def __init__(self):
        self.loop = asyncio.get_event_loop()

    async def run(self):
        return self.loop.time()


class Unread:
    """Nothing in the file reads it: kept for code elsewhere (a subclass, another module)."""

    def __init__(self):
        self._unread = asyncio.get_event_loop()


class SyncRead:
    def __init__(self):
        self._loop = asyncio.get_event_loop()

    async def run(self):
        return self._loop.time()

    def stop(self):
        self._loop.stop()


class PropertyRead:
    def __init__(self):
        self._clock = asyncio.get_event_loop()

    @property
    def clock(self):
        return self._clock


class NestedRead:
    def __init__(self):
        self._nested = asyncio.get_event_loop()

    async def run(self):
        def later():
            return self._nested.time()
        return later


class ReadElsewhere:
    def __init__(self):
        self._elsewhere = asyncio.get_event_loop()

    async def run(self):
        return self._elsewhere.time()


def peek(obj):
    return obj._elsewhere


class Based(asyncio.Protocol):
    def __init__(self):
        self._based = asyncio.get_event_loop()

    async def run(self):
        return self._based.time()


class Base:
    def __init__(self):
        self._sub = asyncio.get_event_loop()

    async def run(self):
        return self._sub.time()


class Derived(Base):
    async def more(self):
        return 1


class Posting:
    def __init__(self):
        self._main = asyncio.get_event_loop()

    async def post(self, callback):
        self._main.call_soon_threadsafe(callback)


class Handing:
    def __init__(self):
        self._target = asyncio.get_event_loop()

    async def hand(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self._target)


class Aliased:
    def __init__(self):
        self._aliased = asyncio.get_event_loop()

    async def post(self, callback):
        loop = self._aliased
        loop.call_soon_threadsafe(callback)


class Checking:
    def __init__(self):
        self._checked = asyncio.get_event_loop()

    async def check(self):
        return self._checked is asyncio.get_running_loop()


class Passed:
    def __init__(self):
        self._passed = asyncio.get_event_loop()

    async def start(self):
        threading.Thread(target=print, args=(self._passed,)).start()


class Conditional:
    def __init__(self, fast):
        if fast:
            self._cond = asyncio.get_event_loop()

    async def run(self):
        return self._cond.time()


class Commented:
    def __init__(self):
        self._commented = asyncio.get_event_loop()  # keep: the main loop

    async def run(self):
        return self._commented.time()


class Reused:
    def __init__(self, loop=None):
        if loop is None:
            loop = asyncio.get_event_loop()
        self._reused = loop
        self.queue = asyncio.Queue(loop=loop)

    async def run(self):
        return self._reused.time()


class Static:
    def __init__(self):
        self._static = asyncio.get_event_loop()

    @staticmethod
    async def run(self):
        return self._static.time()


class Twice:
    def __init__(self):
        self._twice = asyncio.get_event_loop()

    async def reset(self):
        self._twice = asyncio.get_running_loop()


class Hooked:
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)

    def __init__(self):
        self._hooked = asyncio.get_event_loop()

    async def run(self):
        return self._hooked.time()


def make():
    class Nested:
        def __init__(self):
            self._inner = asyncio.get_event_loop()

        async def run(self):
            return self._inner.time()
    return Nested


class Slotted:
    __slots__ = ("_slotted",)

    def __init__(self):
        self._slotted = asyncio.get_event_loop()

    async def run(self):
        return self._slotted.time()
