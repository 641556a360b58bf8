# loopshift-fixture: runnable
"""In the entry function, with get_event_loop imported by name: each call after
set_event_loop(loop) becomes `loop`, and the import goes once nothing uses it (P3e)."""
import asyncio
from asyncio import get_event_loop, new_event_loop, set_event_loop


async def work(n):
    await asyncio.sleep(0)
    return n * 2


def entry():
    loop = new_event_loop()
    set_event_loop(loop)
    total = 0
    for n in range(3):
        total += n
    print(get_event_loop() is loop)
    print(get_event_loop().run_until_complete(work(total)))
    loop.close()


if __name__ == "__main__":
    entry()
