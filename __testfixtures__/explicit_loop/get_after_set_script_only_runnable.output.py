# loopshift-fixture: runnable
"""A script-only module (P3c): its module code is the entry path, so get_event_loop() after
set_event_loop(loop) is `loop` there too (P3e)."""
import asyncio


async def main():
    return "done"


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
print(loop is loop)
print(loop.run_until_complete(main()))
loop.close()
