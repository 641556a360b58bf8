"""docs/SEMANTICS.md P3d: _go() hands the loop to a thread, which may use it after the run: left alone."""
import asyncio
import threading


def _watch(loop):
    print(loop.is_closed())


async def _go(loop):
    threading.Thread(target=_watch, args=(loop,)).start()


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(_go(loop))
