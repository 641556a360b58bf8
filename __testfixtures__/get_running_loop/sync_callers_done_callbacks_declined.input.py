# Done callbacks not proven to run under a loop (docs/SEMANTICS.md P2a, "Done callbacks"): each helper keeps
# get_event_loop(), which loop_diagnostics reports as LS801. A concurrent.futures future runs its callbacks
# in the thread that completes it, or at once when it is already done; the other receivers are not proven
# to be asyncio futures, or the helper has another caller.
import asyncio
import concurrent.futures

log = []


def _on_pool(fut):
    log.append(asyncio.get_event_loop())


def _on_concurrent(fut):
    log.append(asyncio.get_event_loop())


def _on_threadsafe(fut):
    log.append(asyncio.get_event_loop())


def _on_executor(fut):  # loop methods are left out: `loop` would need its own proof
    log.append(asyncio.get_event_loop())


def _on_parameter(fut):
    log.append(asyncio.get_event_loop())


def _on_rebound(fut):
    log.append(asyncio.get_event_loop())


def _on_branch(fut):
    log.append(asyncio.get_event_loop())


def _on_closure(fut):
    log.append(asyncio.get_event_loop())


def _on_nonlocal(fut):
    log.append(asyncio.get_event_loop())


def _on_inner_call(fut):
    log.append(asyncio.get_event_loop())


def _on_also_called(fut):
    log.append(asyncio.get_event_loop())


def start():
    # Adding the callback outside any loop is fine (the loop runs it later), but the direct call is not.
    fut = asyncio.Future(loop=asyncio.new_event_loop())
    fut.add_done_callback(_on_also_called)
    _on_also_called(fut)


async def _work():
    return 1


async def watch(given):
    given.add_done_callback(_on_parameter)


async def main(flag):
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(sum, [1]).add_done_callback(_on_pool)
    made = concurrent.futures.Future()
    made.set_result(None)
    made.add_done_callback(_on_concurrent)
    handed = asyncio.run_coroutine_threadsafe(_work(), loop)
    handed.add_done_callback(_on_threadsafe)
    loop.run_in_executor(None, sum, [1]).add_done_callback(_on_executor)
    rebound = asyncio.ensure_future(_work())
    rebound = made
    rebound.add_done_callback(_on_rebound)
    if flag:
        branch = asyncio.ensure_future(_work())
    branch.add_done_callback(_on_branch)
    outer = asyncio.ensure_future(_work())

    def inner():
        outer.add_done_callback(_on_closure)

    inner()
    shared = asyncio.ensure_future(_work())

    def rebind():
        nonlocal shared
        shared = made

    rebind()
    shared.add_done_callback(_on_nonlocal)
    outer.add_done_callback(lambda f: log.append(_on_inner_call(f)))
