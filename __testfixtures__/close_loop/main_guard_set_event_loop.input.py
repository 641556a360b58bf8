# loopshift-fixture: runnable
import asyncio
import gc


async def main():
    print("current loop is the running loop:", asyncio.get_event_loop() is asyncio.get_running_loop())
    await asyncio.sleep(0)
    return "ok"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
    print("still open at the end of the script:", not loop.is_closed())
    gc.collect()
