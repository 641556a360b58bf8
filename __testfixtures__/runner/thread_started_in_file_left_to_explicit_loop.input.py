# probe round 8, W03 (runner): the first run hands the running loop to a thread that outlives the last run.
# loopshift-fixture: runnable
"""Runner.close() closes the loop the old code left open, under the watchdog thread still reading it. A thread
started by this file may hold the loop past the runs (pending_work.starts_thread): left to explicit_loop."""
import asyncio
import threading
import time


def watchdog(loop):
    time.sleep(0.3)
    print("watchdog sees closed=%s" % loop.is_closed())


async def start():
    threading.Thread(target=watchdog, args=(asyncio.get_running_loop(),)).start()
    await asyncio.sleep(0)
    return "started"


async def work():
    await asyncio.sleep(0.05)
    return "worked"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(start()))
    print(loop.run_until_complete(work()))
