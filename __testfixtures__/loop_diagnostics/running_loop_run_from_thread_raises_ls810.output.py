# loopshift-fixture: runnable
# Shows why LS810 is reported: run_until_complete() from another thread on a running loop raises.
import asyncio
import threading

outcome = []


async def job():
    return 1


def drive(loop):
    coro = job()
    try:
        loop.run_until_complete(coro)
    except RuntimeError as error:
        coro.close()
        outcome.append(str(error))
    fut = asyncio.run_coroutine_threadsafe(job(), loop)
    outcome.append(fut.result(timeout=5))


async def main():
    loop = asyncio.get_running_loop()
    thread = threading.Thread(target=drive, args=(loop,))
    thread.start()
    while thread.is_alive():
        await asyncio.sleep(0.01)
    print(outcome)


if __name__ == "__main__":
    asyncio.run(main())
