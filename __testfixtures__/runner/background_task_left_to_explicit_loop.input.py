# A task still pending after the runs: asyncio.Runner's close() would cancel it (its except prints),
# where the old loop left it pending; explicit_loop keeps one loop instead (docs/SEMANTICS.md P6).
import asyncio


async def beat():
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        print("cancelled")
        raise


async def start():
    asyncio.ensure_future(beat())


async def step(n):
    await asyncio.sleep(0)
    print("step", n)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(start())
    loop.run_until_complete(step(1))
    loop.close()
