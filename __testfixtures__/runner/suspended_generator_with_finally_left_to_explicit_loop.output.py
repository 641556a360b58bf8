# probe round 8, W04 (runner): a generator a run returned, kept suspended, has a finally block.
# loopshift-fixture: runnable
"""The generator is finalised at interpreter exit and its finally block reads the loop: the old code left it
open, Runner.close() would close it first. A sync generator of this file with a finally or with block may run at
exit (exit_hooks._finalised_generator): left to explicit_loop."""
import asyncio


def numbers(loop):
    try:
        yield 1
        yield 2
    finally:
        print("numbers finalised, loop closed:", loop.is_closed())


async def start():
    gen = numbers(asyncio.get_running_loop())
    return next(gen), gen


async def work():
    await asyncio.sleep(0)
    return "worked"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    first, gen = loop.run_until_complete(start())
    print("first", first, loop.run_until_complete(work()))
