# asyncio.run() closes its loop when the coroutine ends. An object bound to it that leaves the run (here the
# future setup() returns) is still used after it: set_result() schedules its callbacks on that loop, which the
# old code left open. Code after the run must be inert (P3a condition 4; probe round 7, W20): left to
# explicit_loop.
import asyncio


def on_ready(fut):
    print("ready callback:", fut.result())


async def setup():
    await asyncio.sleep(0)
    ready = asyncio.get_event_loop().create_future()
    ready.add_done_callback(on_ready)
    print("setup done")
    return ready


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    ready = loop.run_until_complete(setup())
    try:
        ready.set_result("yes")
        print("marked ready")
    except RuntimeError as exc:
        print("could not mark ready:", exc)
