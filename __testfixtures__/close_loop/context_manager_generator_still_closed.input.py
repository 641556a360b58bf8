# probe round 8, W04 (the other side): a @contextmanager generator with a finally block is no exit hook.
# loopshift-fixture: runnable
"""Its with statement runs the generator to its end, inside the run: nothing of it is left to finalise at
exit (exit_hooks._finalised_generator skips decorated generators). The loop is still closed."""
import asyncio
import contextlib


@contextlib.contextmanager
def section(name):
    print("enter", name)
    try:
        yield name
    finally:
        print("leave", name)


async def main():
    with section("main") as name:
        await asyncio.sleep(0)
    return name


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
