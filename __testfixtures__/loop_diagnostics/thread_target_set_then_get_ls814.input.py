"""Thread targets whose `set_event_loop(new_event_loop())` + `x = get_event_loop()` explicit_loop leaves alone
(P14a) are reported, each with the condition that failed (LS814). A get_event_loop() after a loop set by
name, or with code between, is not that shape and stays unreported: it returns the loop that was set."""
import asyncio
import threading

LOOP = None


async def job():
    return 1


def worker(results):
    # public, and no project facts say that no other module calls it under a running loop
    asyncio.set_event_loop(asyncio.new_event_loop())
    loop = asyncio.get_event_loop()
    results.append(loop.run_until_complete(job()))
    loop.close()


def _in_try(results):
    try:
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = asyncio.get_event_loop()
    except TypeError:
        return
    results.append(loop.run_until_complete(job()))
    loop.close()


def _global_name(results):
    global LOOP
    asyncio.set_event_loop(asyncio.new_event_loop())
    LOOP = asyncio.get_event_loop()
    results.append(LOOP.run_until_complete(job()))
    LOOP.close()


def _also_called(results):
    asyncio.set_event_loop(asyncio.new_event_loop())
    loop = asyncio.get_event_loop()
    results.append(loop.run_until_complete(job()))
    loop.close()


def _loop_by_name(results):
    made = asyncio.new_event_loop()
    asyncio.set_event_loop(made)
    loop = asyncio.get_event_loop()
    results.append(loop.run_until_complete(job()))
    loop.close()


def _code_between(results):
    asyncio.set_event_loop(asyncio.new_event_loop())
    print("between")
    loop = asyncio.get_event_loop()
    results.append(loop.run_until_complete(job()))
    loop.close()


def main():
    results = []
    threads = [threading.Thread(target=worker, args=(results,)), threading.Thread(target=_in_try, args=(results,)),
               threading.Thread(target=_global_name, args=(results,)),
               threading.Thread(target=_also_called, args=(results,)),
               threading.Thread(target=_loop_by_name, args=(results,)),
               threading.Thread(target=_code_between, args=(results,))]
    for thread in threads:
        thread.start()
        thread.join()
    _also_called(results)
    print(results)


if __name__ == "__main__":
    main()
