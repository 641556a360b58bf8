# loopshift-fixture: runnable
"""P8: run_forever() stopped by a signal handler, in the entry function: asyncio.run() is not an
option, rewrite B keeps everything. Cleanup order is printed."""
import asyncio
import os
import signal


async def tick():
    print("tick")


def main():
    loop = asyncio.new_event_loop()  # the loop
    asyncio.set_event_loop(loop)
    loop.add_signal_handler(signal.SIGUSR1, loop.stop)
    loop.create_task(tick())
    loop.call_later(0.01, os.kill, os.getpid(), signal.SIGUSR1)
    loop.run_forever()
    print("stopped; current:", loop is asyncio.get_event_loop())
    loop.remove_signal_handler(signal.SIGUSR1)
    loop.close()
    print("closed")


if __name__ == "__main__":
    main()
