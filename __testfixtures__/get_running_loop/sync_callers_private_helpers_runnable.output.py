# loopshift-fixture: runnable
# Private helpers whose every caller runs under the loop (docs/SEMANTICS.md P2a): called directly in a
# coroutine's body, through another such helper, from each other, or as a loop callback.
import asyncio
import threading

seen = []


def _current():
    return asyncio.get_running_loop()


def _chained():
    return _current()


def _deadline(delay):
    loop = asyncio.get_running_loop()
    return loop.time() + delay


def _countdown(n):
    # Recursive, and called from _tick too: the outermost call still comes from a coroutine.
    if n:
        return _tick(n - 1)
    return asyncio.get_running_loop()


def _tick(n):
    return _countdown(n)


def _on_soon(label):
    seen.append((label, asyncio.get_running_loop() is asyncio.get_running_loop()))


def _on_later(label, done):
    seen.append((label, asyncio.get_running_loop() is asyncio.get_running_loop()))
    done.set_result(None)


def _from_thread(done):
    seen.append(("threadsafe", asyncio.get_running_loop() is asyncio.get_running_loop()))
    done.set_result(None)


async def main():
    running = asyncio.get_running_loop()
    print("direct:", _current() is running)
    print("chain:", _chained() is running)
    print("deadline:", _deadline(5) > running.time())
    print("cycle:", _countdown(3) is running)
    later, at, threadsafe = running.create_future(), running.create_future(), running.create_future()
    running.call_soon(_on_soon, "soon")
    running.call_later(0.01, _on_later, "later", later)
    running.call_at(running.time() + 0.01, _on_later, "at", at)
    worker = threading.Thread(target=lambda: running.call_soon_threadsafe(_from_thread, threadsafe))
    worker.start()
    await asyncio.gather(later, at, threadsafe)
    worker.join()
    print("callbacks:", sorted(seen))


asyncio.run(main())
