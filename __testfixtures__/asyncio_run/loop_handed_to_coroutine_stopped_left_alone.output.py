"""docs/SEMANTICS.md P3d: a helper the loop is handed to stops it. run_until_complete() then raises and
leaves _go() pending, never resumed; asyncio.run() would cancel it and run its finally: left alone."""
import asyncio


def _halt(loop):
    loop.stop()


async def _go(loop):
    try:
        _halt(loop)
        await asyncio.sleep(0)
    finally:
        print("cleanup")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(_go(loop))
