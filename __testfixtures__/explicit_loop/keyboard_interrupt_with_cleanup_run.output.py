# loopshift-fixture: runnable
"""P12: except KeyboardInterrupt with a cleanup run on the same loop: rewrite B, not asyncio.run()."""
import asyncio


async def main():
    print("working")
    await asyncio.sleep(0)
    raise KeyboardInterrupt


async def cleanup():
    print("cleanup on the same loop:", asyncio.get_running_loop() is loop)


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(main())
    except KeyboardInterrupt:
        print("interrupted")
        loop.run_until_complete(cleanup())
    finally:
        loop.close()
        print("closed")
