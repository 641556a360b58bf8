# loopshift-fixture: runnable
# Private helpers run as done callbacks of asyncio futures and tasks (docs/SEMANTICS.md P2a, "Done
# callbacks"): the future's loop runs each through call_soon, even when the future is already done when the
# callback is added, so get_event_loop() there is the running loop. Bare names, a lambda whose body is one
# call, a callback added to the call that makes the future, each maker.
import asyncio
import concurrent.futures
from asyncio import ensure_future

log = []


def _deadline(seconds):
    return asyncio.get_running_loop().time() + seconds


def _on_done(fut, tag):
    log.append((tag, fut.result(), _deadline(0) > 0))


def _same(tag, value):
    log.append((tag, value, asyncio.get_running_loop() is asyncio.get_running_loop()))


def _on_task(task):
    _same("task", task.result())


def _on_already_done(fut):
    _same("already done", fut.result())


def _on_gathered(fut):
    _same("gathered", fut.result())


def _on_in_place(fut):
    _same("in place", fut.result())


def _on_wrapped(fut):
    _same("wrapped", fut.result())


def _on_shielded(fut):
    _same("shielded", fut.result())


def _on_cancelled(fut):
    _same("cancelled", fut.cancelled())


async def _retry(attempts):
    for _ in range(attempts):
        await asyncio.sleep(0)
    return attempts


async def main():
    fut = asyncio.ensure_future(_retry(2))
    fut.add_done_callback(lambda f: _on_done(f, "lambda"))
    task = asyncio.create_task(_retry(1))
    task.add_done_callback(_on_task)
    await asyncio.gather(fut, task)
    done = asyncio.Future()
    done.set_result("ready")
    done.add_done_callback(_on_already_done)
    print("ran when added:", any(entry[0] == "already done" for entry in log))
    gathered = asyncio.gather(_retry(1), _retry(2))
    gathered.add_done_callback(_on_gathered)
    await gathered
    ensure_future(_retry(3)).add_done_callback(_on_in_place)
    shielded = asyncio.shield(_retry(1))
    shielded.add_done_callback(_on_shielded)
    await shielded
    pool = concurrent.futures.ThreadPoolExecutor(1)
    wrapped = asyncio.wrap_future(pool.submit(sum, [1, 2]))
    wrapped.add_done_callback(_on_wrapped)
    await wrapped
    pool.shutdown()
    cancelled = asyncio.Task(asyncio.sleep(10))
    cancelled.add_done_callback(_on_cancelled)
    cancelled.cancel()
    for _ in range(5):
        await asyncio.sleep(0)
    for entry in sorted(log, key=repr):
        print(*entry)


asyncio.run(main())
