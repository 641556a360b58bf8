# probe round 12, W1: a gather() or shield() argument needs an `async def` wrapper for asyncio.run(), and the
# wrapper is a task of its own: every later task's default name shifts by one (Task-2 where it was Task-1) and
# all_tasks() counts one more. A file that reads task names or the registry keeps the run (explicit_loop).
import asyncio


async def job(n):
    await asyncio.sleep(0)
    return "%d in %s" % (n, asyncio.current_task().get_name())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(asyncio.gather(job(1), job(2), return_exceptions=True)))
    loop.close()
