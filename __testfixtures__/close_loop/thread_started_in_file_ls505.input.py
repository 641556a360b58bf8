# probe round 8, W03: the coroutine hands its running loop to a thread that outlives the run.
# loopshift-fixture: runnable
"""The watchdog thread still runs when the run ends and reads loop.is_closed() later: the old code left the loop
open, an added close() would have closed it under the thread. A thread started by this file (Thread(, Timer(,
ThreadPoolExecutor() may hold the loop past the run (pending_work.starts_thread). Left open, reported; a thread
target's own loop is still closed (close_loop/thread_target_with_set_event_loop)."""
import asyncio
import threading
import time


def watchdog(loop):
    time.sleep(0.3)
    print("watchdog sees closed=%s running=%s" % (loop.is_closed(), loop.is_running()))


async def main():
    threading.Thread(target=watchdog, args=(asyncio.get_running_loop(),)).start()
    await asyncio.sleep(0.05)
    return "ok"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
