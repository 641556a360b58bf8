"""`from asyncio import get_event_loop` while `run` is this file's own function and asyncio is not
imported as a module: there is no name to call asyncio.run by. Left alone."""
from asyncio import get_event_loop


async def main():
    return 1


def run():
    loop = get_event_loop()
    loop.run_until_complete(main())
    loop.close()


if __name__ == "__main__":
    run()
