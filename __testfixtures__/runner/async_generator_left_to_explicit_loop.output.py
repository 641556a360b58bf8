# An async generator left unfinished: asyncio.Runner's close() would finalise it (its finally prints),
# where the old loop never did; explicit_loop keeps one loop instead (docs/SEMANTICS.md P6).
import asyncio


async def ticks():
    try:
        for n in range(10):
            yield n
    finally:
        print("finalised")


async def first(gen):
    return await gen.__anext__()


if __name__ == "__main__":
    gen = ticks()
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(first(gen)))
    print(loop.run_until_complete(first(gen)))
    loop.close()
