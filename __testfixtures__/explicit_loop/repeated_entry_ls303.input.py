"""get_event_loop() returns the same loop each time; new_event_loop() would not. In a loop, in a
comprehension, or in a decorated entry function (the decorator may call it again): reported. A
function the main guard calls twice is no entry point at all (loop_diagnostics reports it)."""
import asyncio
import functools


def retry(fn):
    @functools.wraps(fn)
    def wrapper():
        try:
            return fn()
        except OSError:
            return fn()
    return wrapper


async def main():
    return 1


def twice():
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(main())


@retry
def decorated():
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(main())


if __name__ == "__main__":
    for attempt in range(3):
        loop = asyncio.get_event_loop()
        loop.run_until_complete(main())
    loops = [asyncio.get_event_loop() for _ in range(2)]
    twice()
    twice()
    decorated()
