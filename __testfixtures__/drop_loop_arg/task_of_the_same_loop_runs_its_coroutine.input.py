# loopshift-fixture: runnable
# The coroutine handed to a task of loop X - X.create_task(), asyncio.ensure_future(..., loop=X),
# asyncio.Task(..., loop=X), asyncio.run_coroutine_threadsafe(..., X) - runs in X, like the one
# argument of X.run_until_complete(): loop=X inside it is the loop it runs in. The loops are never
# made current, so without loop= the API cannot be falling back on get_event_loop()'s current loop.
import asyncio
import threading


async def work(n):
    await asyncio.sleep(0.01)
    return n * 10


def main():
    loop = asyncio.new_event_loop()
    slept = loop.create_task(asyncio.sleep(0.01, result="slept", loop=loop))
    waited = asyncio.ensure_future(asyncio.wait_for(work(1), 5, loop=loop), loop=loop)
    timed_out = asyncio.Task(asyncio.wait_for(asyncio.sleep(5), 0.01, loop=loop), loop=loop)
    tasks = [loop.create_task(work(n)) for n in (2, 3)]
    both = loop.create_task(asyncio.wait(tasks, loop=loop))
    print(loop.run_until_complete(slept), loop.run_until_complete(waited))
    try:
        loop.run_until_complete(timed_out)
    except asyncio.TimeoutError:
        print("timed out")
    done, pending = loop.run_until_complete(both)
    print("wait", sorted(t.result() for t in done), len(pending))
    loop.close()


def threaded():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever)
    thread.start()
    future = asyncio.run_coroutine_threadsafe(asyncio.sleep(0.01, result="from a thread", loop=loop), loop)
    print(future.result(5))
    other = asyncio.run_coroutine_threadsafe(asyncio.wait_for(work(4), 5, loop=loop), loop=loop)
    print(other.result(5))
    loop.call_soon_threadsafe(loop.stop)
    thread.join()
    loop.close()


main()
threaded()
