from asyncio import (
    get_event_loop,  # legacy callers
    gather,
)
def f(): return get_event_loop()
async def main():
    return get_event_loop()
