import asyncio
from asyncio import get_event_loop as gel

loop = asyncio.get_event_loop()
queue = asyncio.Queue()


class Settings:
    loop = gel()


def connect(host, loop=asyncio.get_event_loop()):
    return host, loop


try:
    fallback = asyncio.get_running_loop()
except RuntimeError:
    fallback = asyncio.get_event_loop()
