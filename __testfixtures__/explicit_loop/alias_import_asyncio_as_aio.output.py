# loopshift-fixture: runnable
"""`import asyncio as aio`: the new calls use the alias."""
import asyncio as aio


async def main():
    await aio.sleep(0)
    return "aliased"


if __name__ == "__main__":
    loop = aio.new_event_loop()
    aio.set_event_loop(loop)
    loop.set_debug(False)
    print(loop.run_until_complete(main()))
    loop.close()
