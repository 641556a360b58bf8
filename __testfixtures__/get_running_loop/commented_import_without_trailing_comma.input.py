from asyncio import (
    get_event_loop  # keep me
)
def f(): return get_event_loop()
async def main():
    return get_event_loop()
