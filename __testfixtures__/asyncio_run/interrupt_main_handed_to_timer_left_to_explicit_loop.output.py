# probe round 8, W09: the program interrupts itself, threading.Timer(0.2, _thread.interrupt_main).
"""interrupt_main handed on as a value (not called here) still makes a SIGINT in this process: run_until_complete
stops at once and leaves the main task pending, where asyncio.run() (3.11+) cancels it first and its finally
block runs ('main cleanup' printed). The self-signal check matches the name, called or not
(pending_work.SELF_SIGNAL). Left to explicit_loop. Not runnable: the run ends in a KeyboardInterrupt traceback,
on stderr."""
import _thread
import asyncio
import threading


async def main():
    try:
        await asyncio.sleep(5)
    finally:
        print("main cleanup")


if __name__ == "__main__":
    threading.Timer(0.2, _thread.interrupt_main).start()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main())
