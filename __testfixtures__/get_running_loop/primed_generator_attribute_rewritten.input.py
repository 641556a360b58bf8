# loopshift-fixture: runnable
import asyncio


class Clock:
    """A time generator primed with next() and stepped with send(): a generator, not a coroutine
    (a coroutine is no iterator), so this file steps no coroutine by hand."""

    def __init__(self, gen):
        self._gen = gen()
        next(self._gen)
        self.now = 0

    def advance(self, when):
        try:
            self.now += self._gen.send(when)
        except StopIteration:
            pass


def ticks():
    when = yield
    while True:
        when = yield when + 1


async def compute(x):
    loop = asyncio.get_event_loop()
    return x * 2, loop.is_running()


if __name__ == "__main__":
    clock = Clock(ticks)
    clock.advance(2)
    print(clock.now, asyncio.run(compute(21)))
