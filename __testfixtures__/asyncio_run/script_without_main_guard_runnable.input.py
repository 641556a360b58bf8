# loopshift-fixture: runnable
# A script with no main guard: the project model proved that nothing imports it, so its
# module-level code is the program's entry code, as under `if __name__ == "__main__":`.
import asyncio


async def main():
    await asyncio.sleep(0)
    print("ran in a fresh loop:", asyncio.get_running_loop().is_running())


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
loop.close()
