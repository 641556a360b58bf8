from asyncio import (
    gather,  # fan out
    get_event_loop,  # legacy callers
)
def f(): return get_event_loop()
async def main():
    return get_event_loop()
