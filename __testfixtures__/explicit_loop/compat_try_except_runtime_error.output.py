# loopshift-fixture: runnable
"""The common compatibility idiom: get_event_loop() with a RuntimeError fallback. At a fresh entry
point the fallback never ran before 3.14, and new_event_loop() + set_event_loop() is what both
branches did; the fallback stays (it is now dead code)."""
import asyncio


async def main():
    return "compat"


if __name__ == "__main__":
    try:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
    loop.close()
