from asyncio import (
    gather,  # fan out
    get_event_loop,  # legacy callers
)
from asyncio import get_running_loop
def f(): return get_event_loop()
async def main():
    return get_running_loop()
