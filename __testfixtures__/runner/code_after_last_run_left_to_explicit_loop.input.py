# Runner.close() runs the loop once more (it cancels what is left and shuts generators and the executor
# down): a callback scheduled after the last run (set_result() on a future of the loop) would run there, where
# the old code never ran its loop again. Code after the last run must be inert (probe round 7, W26): left to
# explicit_loop.
import asyncio


def on_ready(fut):
    print("ready callback:", fut.result())


async def setup():
    await asyncio.sleep(0)
    ready = asyncio.get_running_loop().create_future()
    ready.add_done_callback(on_ready)
    print("setup done")
    return ready


async def work():
    await asyncio.sleep(0)
    print("work done")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    ready = loop.run_until_complete(setup())
    loop.run_until_complete(work())
    try:
        ready.set_result("yes")
        print("marked ready")
    except RuntimeError as exc:
        print("could not mark ready:", exc)
