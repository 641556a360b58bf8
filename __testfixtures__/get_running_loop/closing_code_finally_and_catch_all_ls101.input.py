# A task still pending when its loop closes is destroyed later, with no loop running: its coroutine's
# finally: blocks and the handlers that catch GeneratorExit run then (docs/SEMANTICS.md P1, closing code),
# where get_running_loop() would raise. Other handlers only run while the coroutine runs.
import asyncio


async def beat():
    try:
        await asyncio.sleep(10)
    finally:
        print("finally, loop closed:", asyncio.get_event_loop().is_closed())


async def guarded():
    try:
        await asyncio.sleep(10)
    except BaseException:
        print("caught, loop closed:", asyncio.get_event_loop().is_closed())
        raise


async def plain():
    try:
        raise ValueError("x")
    except ValueError:
        loop = asyncio.get_event_loop()
        return loop.is_running()


async def main():
    print("plain handler sees a running loop:", await plain())


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.create_task(beat())
    loop.create_task(guarded())
    loop.run_until_complete(main())
    loop.close()
    print("closed")
