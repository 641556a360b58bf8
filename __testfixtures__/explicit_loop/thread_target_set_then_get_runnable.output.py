# loopshift-fixture: runnable
"""In a function that is only ever a threading.Thread target, `set_event_loop(new_event_loop())` followed
by `loop = get_event_loop()` becomes `loop = new_event_loop()` then `set_event_loop(loop)` (P14a): the
thread is fresh, so no loop runs in it, and get_event_loop() returned the loop just set. The project facts
say no other module imports the function."""
import asyncio
import threading

results = {}


async def job(name):
    await asyncio.sleep(0)
    return name * 2, asyncio.get_running_loop() is asyncio.get_event_loop()


def thread_target(name):
    # the thread's own loop
    loop = asyncio.new_event_loop()  # made and set
    asyncio.set_event_loop(loop)
    try:
        results[name] = loop.run_until_complete(job(name))
    finally:
        loop.close()


def main():
    threads = [threading.Thread(target=thread_target, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(sorted(results.items()))


if __name__ == "__main__":
    main()
