import asyncio
import threading


async def job():
    return 1


def own_loop_worker():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop().run_until_complete(job())  # the loop was set in this thread
    loop.close()


def serve_forever(loop):
    asyncio.set_event_loop(loop)
    loop.run_forever()


def submit_from_thread(loop):
    return asyncio.run_coroutine_threadsafe(job(), loop).result()


def compat_worker():
    try:
        loop = asyncio.get_event_loop()  # always raises in the thread, and it is handled
    except RuntimeError:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    return loop


background = asyncio.new_event_loop()
threading.Thread(target=background.run_forever, daemon=True).start()
threading.Thread(target=serve_forever, args=(asyncio.new_event_loop(),)).start()
threading.Thread(target=submit_from_thread, args=(background,)).start()
threading.Thread(target=own_loop_worker).start()
threading.Thread(target=compat_worker).start()
