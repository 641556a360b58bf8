# loopshift-fixture: runnable
import asyncio as aio


async def step(name):
    await aio.sleep(0)
    print("step", name)
    return name.upper()


if __name__ == "__main__":
    loop = aio.get_event_loop()
    a = loop.run_until_complete(step("one"))
    b = loop.run_until_complete(step("two"))
    loop.close()
    print(a + b)
