# loopshift-fixture: runnable
"""An annotated assignment keeps its annotation."""
import asyncio


async def main():
    return "ok"


def first():
    loop: asyncio.AbstractEventLoop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
    loop.close()


if __name__ == "__main__":
    first()
