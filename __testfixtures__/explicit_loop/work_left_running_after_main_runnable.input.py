# loopshift-fixture: runnable
# What main() leaves running or scheduled (a gather's other child after the first error, a shielded awaitable
# after its waiter timed out, the second link of a done-callback chain) keeps asyncio_run away (P3a condition 7),
# and explicit_loop gives the run a loop of its own; close_loop leaves it open (LS505, see
# close_loop/gather_or_shield_left_running_ls505).
import asyncio


async def slow(name):
    try:
        await asyncio.sleep(1)
    finally:
        print("cleanup", name)


async def boom():
    raise ValueError("boom")


async def main():
    try:
        await asyncio.gather(slow("gathered"), boom())
    except ValueError as e:
        print("caught", e)
    try:
        await asyncio.wait_for(asyncio.shield(slow("shielded")), 0.05)
    except asyncio.TimeoutError:
        print("timeout")
    loop = asyncio.get_running_loop()
    first = loop.create_future()
    second = loop.create_future()
    first.add_done_callback(lambda f: second.set_result(2))
    second.add_done_callback(lambda f: print("second callback"))
    first.set_result(1)
    print("main done")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    print("after")
