# loopshift-fixture: runnable
# Shows why LS809 is reported: in a thread that has not set a loop, get_event_loop() raises
# RuntimeError on every version. The handled form (compat) is deterministic and is not reported.
import asyncio
import threading

threading.excepthook = lambda args: print("thread raised", args.exc_type.__name__)


def worker():
    print("got", asyncio.get_event_loop())


def compat():
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    print("compat got a loop:", isinstance(loop, asyncio.AbstractEventLoop))
    loop.close()


first = threading.Thread(target=worker)
first.start()
first.join()
second = threading.Thread(target=compat)
second.start()
second.join()
