# loopshift-fixture: runnable
import asyncio
import gc


async def flaky(fail):
    await asyncio.sleep(0)
    if fail:
        raise ValueError("boom")
    return "fine"


def attempt(fail):
    loop = asyncio.new_event_loop()
    try:
        print(loop.run_until_complete(flaky(fail)))
    except ValueError as error:
        print("caught", error)
    else:
        print("no error")


attempt(False)
attempt(True)
gc.collect()
