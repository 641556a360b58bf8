# loopshift-fixture: runnable
"""An annotated assignment keeps its annotation."""
import asyncio


async def main():
    return "ok"


def first():
    loop: asyncio.AbstractEventLoop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))
    loop.close()


if __name__ == "__main__":
    first()
