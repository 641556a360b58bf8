# loopshift-fixture: runnable
"""P3 rewrite B at the main guard: the same loop object is current before, during and after the
run. The later get_event_loop() calls return the loop set here, even after the run (nothing it runs sets
another loop) and after close(): they become the variable (P3e)."""
import asyncio


async def main():
    await asyncio.sleep(0)
    return asyncio.get_running_loop()


if __name__ == "__main__":
    # the script's loop
    loop = asyncio.new_event_loop()  # created here
    asyncio.set_event_loop(loop)
    running = loop.run_until_complete(main())
    print("ran on this loop:", running is loop)
    print("still current:", loop is loop)
    loop.close()
    print("closed:", loop.is_closed())
