# loopshift-fixture: runnable
"""P3 condition 7 fails for rewrite A (main() starts a task it does not await, which asyncio.run()
would cancel); rewrite B keeps run_until_complete's behaviour: the task runs later, on the same
loop, when the loop runs again."""
import asyncio


async def background():
    await asyncio.sleep(0.02)
    print("background finished")


async def main():
    asyncio.ensure_future(background())
    await asyncio.sleep(0)
    print("main finished")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main())
    loop.run_until_complete(asyncio.sleep(0.05))
    loop.close()
