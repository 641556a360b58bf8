# loopshift-fixture: runnable
"""P3 condition 3 fails for rewrite A (a task is created on the loop before the run); rewrite B
keeps the task on the loop that runs it."""
import asyncio


async def side(log):
    log.append("side")


async def main(log):
    await asyncio.sleep(0.01)
    log.append("main")
    return log


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    log = []
    task = loop.create_task(side(log))
    print(loop.run_until_complete(main(log)), task.done())
    loop.close()
