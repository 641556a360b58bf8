# probe round 8, W04: a generator the run returned, kept suspended in module state, has a finally block.
# loopshift-fixture: runnable
"""The suspended generator is finalised at interpreter exit, and its finally block reads the loop: the old code
left that loop open, an added close() would have closed it first. A sync generator of this file with a finally
or with block counts as code that may run at exit (exit_hooks._finalised_generator). Left open, reported."""
import asyncio


def numbers(loop):
    try:
        yield 1
        yield 2
    finally:
        print("numbers finalised, loop closed:", loop.is_closed())


async def main():
    gen = numbers(asyncio.get_running_loop())
    first = next(gen)
    return first, gen


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    first, gen = loop.run_until_complete(main())
    print("first", first)
