# loopshift-fixture: runnable
# A finally that breaks drops the GeneratorExit of a close: the code after the loop then runs when the pending
# task is destroyed after its loop closed, with no loop running (probe round 15, B w7). Left unchanged.
import asyncio


async def consume():
    while True:
        try:
            await asyncio.sleep(10)
        finally:
            break
    print("consumer exit", asyncio.get_event_loop().is_closed())


async def main():
    asyncio.ensure_future(consume())
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(lambda loop, context: None)  # quiet "Task was destroyed but it is pending!"
    loop.run_until_complete(main())
    loop.close()
