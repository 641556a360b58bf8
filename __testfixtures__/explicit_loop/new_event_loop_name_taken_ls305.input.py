"""`from asyncio import get_event_loop`, but new_event_loop is this file's own function and asyncio
is not imported as a module: reported."""
from asyncio import get_event_loop


def new_event_loop():
    return None


async def main():
    return 1


if __name__ == "__main__":
    loop = get_event_loop()
    loop.run_until_complete(main())
