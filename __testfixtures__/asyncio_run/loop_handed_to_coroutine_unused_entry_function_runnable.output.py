# loopshift-fixture: runnable
"""docs/SEMANTICS.md P3d: what drop_loop_arg leaves when it drops every loop= of the coroutine: the
parameter is no longer read, so it just goes. The entry function owns a new loop, set and closed in a
finally. Code after the run is fine here: the coroutine kept no reference to the loop."""
import asyncio


async def _serve(rounds):
    total = 0
    for n in range(rounds):
        await asyncio.sleep(0)
        total += n
    return total


def main():
    print("total", asyncio.run(_serve(4)))


if __name__ == "__main__":
    main()
    print("after the run")
