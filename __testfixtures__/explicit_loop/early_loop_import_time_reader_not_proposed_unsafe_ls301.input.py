"""ensure_future() at import time made the loop: making one first would mean making it at import, in
every module that imports this one. LS301 stays without an unsafe fix."""
import asyncio


async def main():
    return 1


future = asyncio.ensure_future(main())

if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(future))
