from asyncio import (
    get_event_loop  # keep me
)
from asyncio import get_running_loop
def f(): return get_event_loop()
async def main():
    return get_running_loop()
