# loopshift-fixture: runnable
import asyncio as aio


async def step(name):
    await aio.sleep(0)
    print("step", name)
    return name.upper()


if __name__ == "__main__":
    with aio.Runner() as runner:
        a = runner.run(step("one"))
        b = runner.run(step("two"))
    print(a + b)
