# loopshift-fixture: runnable
"""P3 rewrite A: get_event_loop() + run_until_complete() + close() -> asyncio.run()."""
import asyncio


async def main(name):
    await asyncio.sleep(0)
    print("running in", type(asyncio.get_running_loop()).__name__)
    return "hello " + name


if __name__ == "__main__":
    # the script's event loop
    result = asyncio.run(main("world"))  # run it
    print("result:", result)
