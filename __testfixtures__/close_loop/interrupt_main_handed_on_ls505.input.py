# probe round 8, W09: the program interrupts itself, threading.Timer(0.2, _thread.interrupt_main).
"""The SIGINT stops run_until_complete at once and leaves the main task pending; an added close() would destroy
it (its finally block runs, 'main cleanup' printed) where the old code left it alone. interrupt_main counts
handed on as a value, not only called (pending_work.SELF_SIGNAL). Left open, reported. Not runnable: the run
ends in a KeyboardInterrupt traceback, on stderr."""
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
