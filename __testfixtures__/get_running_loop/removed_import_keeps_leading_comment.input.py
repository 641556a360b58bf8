import os
# loop access (kept for 3.6 users)
from asyncio import get_event_loop
from asyncio import get_running_loop

async def main():
    return get_event_loop()
