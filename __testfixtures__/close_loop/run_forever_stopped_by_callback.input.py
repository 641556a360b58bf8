# loopshift-fixture: runnable
import asyncio
import gc


def serve():
    loop = asyncio.new_event_loop()
    loop.call_soon(print, "tick")
    loop.call_soon(loop.stop)
    loop.run_forever()
    print("stopped; running:", loop.is_running())


serve()
gc.collect()
print("bye")
