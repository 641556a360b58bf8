"""A function of this file called after the run uses an object bound to the loop (a method call on the future
the run left in module state): asyncio.run() would have closed that loop, so the site goes to the explicit loop
(P3a condition 4; after_run.py, _inert_function)."""
import asyncio

READY = None


def on_ready(fut):
    print("ready callback:", fut.result())


def finish():
    print("finishing")
    READY.set_result("yes")


async def setup():
    global READY
    await asyncio.sleep(0)
    READY = asyncio.get_event_loop().create_future()
    READY.add_done_callback(on_ready)
    print("setup done")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(setup())
    try:
        finish()
        print("marked ready")
    except RuntimeError as exc:
        print("could not mark ready:", exc)
