# loopshift-fixture: runnable
# P15 rule 8 at target 3.10, where the original raises TypeError: the input runs on 3.9 only, the output
# on 3.10-3.13. gather() and shield() outside a coroutine take the current loop without loop=, silently
# once one is set, which is the loop get_event_loop() returned just before.
import asyncio


async def square(n):
    await asyncio.sleep(0)
    return n * n


def squares(a, b):
    loop = asyncio.get_event_loop()
    every = asyncio.gather(square(a), square(b))
    return loop.run_until_complete(every)


def guarded(n):
    loop = asyncio.get_event_loop()
    inner = asyncio.shield(square(n))
    return loop.run_until_complete(inner)


if __name__ == "__main__":
    asyncio.set_event_loop(asyncio.new_event_loop())
    print(squares(2, 3), guarded(4))
    asyncio.get_event_loop().close()
