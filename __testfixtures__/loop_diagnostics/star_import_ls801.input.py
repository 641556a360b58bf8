from asyncio import *


def schedule(callback):
    get_event_loop().call_soon(callback)
