# loopshift-fixture: runnable
"""`from asyncio import get_event_loop as gel`: the alias is resolved by meaning and replaced by run."""
from asyncio import get_event_loop as gel
from asyncio import sleep


async def main():
    await sleep(0)
    return "alias"


def start():
    loop = gel()
    try:
        print(loop.run_until_complete(main()))
    finally:
        loop.close()


if __name__ == "__main__":
    start()
