"""A local function named get_event_loop, and an asyncio import shadowed in the entry function:
neither is asyncio's get_event_loop, so nothing changes and nothing is reported."""
import asyncio


def get_event_loop():
    return asyncio.new_event_loop()


def run(asyncio):
    loop = asyncio.get_event_loop()
    return loop


if __name__ == "__main__":
    loop = get_event_loop()
    loop.close()
