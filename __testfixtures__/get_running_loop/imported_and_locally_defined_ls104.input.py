import asyncio
from asyncio import get_event_loop


def get_event_loop():
    return asyncio.new_event_loop()


async def main():
    loop = get_event_loop()
    return loop
