# loopshift-fixture: runnable
# Constructors whose every call runs under the loop (docs/SEMANTICS.md P2a, "Constructors"): private
# classes made directly in a coroutine, through a proven helper, as a loop callback, and one whose
# __init__ calls a private helper. Each stores the loop running when the object is made.
import asyncio

made = []


class _Session:
    def __init__(self, name):
        self.name = name
        self._loop = asyncio.get_event_loop()

    async def close(self):
        return self._loop is asyncio.get_running_loop()


class _Pool(object):
    def __init__(self, size, loop=None):
        self.size = size
        self.loop = loop or asyncio.get_event_loop()
        super().__init__()


class _Marker:
    def __init__(self, label):
        made.append((label, asyncio.get_event_loop() is asyncio.get_running_loop()))


def _now():
    return asyncio.get_event_loop()


class _Clock:
    def __init__(self):
        self.loop = _now()


def _open_pool():
    return _Pool(2)


async def main():
    running = asyncio.get_running_loop()
    session = _Session("a")
    print("session:", session._loop is running, await session.close())
    print("pool:", _open_pool().loop is running)
    print("clock:", _Clock().loop is running)
    running.call_soon(_Marker, "soon")
    await asyncio.sleep(0)
    print("callback:", made)


asyncio.run(main())
