# loopshift-fixture: runnable
"""CRLF line endings are kept in the inserted line."""
import asyncio


async def main():
    return "crlf"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_debug(False)
    print(loop.run_until_complete(main()))
    loop.close()
