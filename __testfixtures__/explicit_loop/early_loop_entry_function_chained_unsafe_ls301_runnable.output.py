# loopshift-fixture: runnable
"""The entry function schedules a task before it fetches the loop in a chained run: the loop variable
the fix needs gets a free name, and the loop is made before the task."""
import asyncio


async def ping():
    await asyncio.sleep(0)
    return "pong"


def main():
    """Run one ping, scheduled before the run."""
    print("scheduling")
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    task = asyncio.ensure_future(ping())
    loop.run_until_complete(task)
    print(task.result())


if __name__ == "__main__":
    main()
