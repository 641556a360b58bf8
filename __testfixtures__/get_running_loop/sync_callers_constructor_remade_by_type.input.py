# type(self)() makes an instance without naming its class (docs/SEMANTICS.md P2a, "Constructors"): here
# from a sync method, which may run outside any loop. Since any class of the file may be the one type(x)
# gives, no constructor of this file is proven; every get_event_loop() stays (loop_diagnostics: LS804).
import asyncio


class _Connection:
    def __init__(self, host):
        self.host = host
        self._loop = asyncio.get_event_loop()

    def copy(self):
        return type(self)(self.host)


class _Unrelated:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


async def connect(host):
    return _Connection(host), _Unrelated()
