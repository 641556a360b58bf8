# probe round 8, W03: the coroutine hands its running loop to a thread that outlives the run.
# loopshift-fixture: runnable
"""The old code leaves the loop open when the run ends; asyncio.run() closes it, and the watchdog thread, still
running then, would see it closed. A thread started by this file (Thread(, Timer(, ThreadPoolExecutor() may
hold the loop past the run (pending_work.starts_thread): left to explicit_loop. A thread target's own loop is
still rewritten (asyncio_run/new_event_loop_thread_target)."""
import asyncio
import threading
import time


def watchdog(loop, box):
    time.sleep(0.3)
    box.append("watchdog sees closed=%s running=%s" % (loop.is_closed(), loop.is_running()))
    print(box[-1])


async def main():
    loop = asyncio.get_running_loop()
    box = []
    thread = threading.Thread(target=watchdog, args=(loop, box))
    thread.start()
    await asyncio.sleep(0.05)
    return "ok"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
