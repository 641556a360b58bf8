# loopshift-fixture: runnable
"""`import asyncio as aio`: the rewrite uses the file's own alias."""
import asyncio as aio


async def main():
    await aio.sleep(0)
    return "aliased"


if __name__ == "__main__":
    loop = aio.get_event_loop()
    print(loop.run_until_complete(main()))
    loop.close()
