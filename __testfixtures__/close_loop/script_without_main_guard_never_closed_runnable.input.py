# loopshift-fixture: runnable
import asyncio


async def main():
    await asyncio.sleep(0)
    print("main done")


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(main())
print("after the run")
