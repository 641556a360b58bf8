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
    loop = asyncio.get_event_loop()  # created here
    running = loop.run_until_complete(main())
    print("ran on this loop:", running is loop)
    print("still current:", loop is asyncio.get_event_loop())
    loop.close()
    print("closed:", asyncio.get_event_loop().is_closed())
